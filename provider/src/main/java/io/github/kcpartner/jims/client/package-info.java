/**
 * A plain-Java client for the Juniper Identity Management Service (JIMS), with no Keycloak types.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * JimsServerConfig.Builder p = JimsServerConfig.builder(ServerRole.PRIMARY)
 *         .address("10.0.0.10").clientId("kc").clientSecret(secret).caCertificatePem(pem);
 * JimsClientConfig.Builder b = JimsClientConfig.builder().primary(p.build());
 * List<ConfigProblem> problems = b.validate();   // message keys for the admin console
 * JimsClient client = JimsClient.builder(b.build()).listener(metrics).build();
 * JimsLookupService lookup = new JimsLookupService(client, table);  // an IdentityTable, e.g. the Infinispan-backed one
 * Optional<IdentityRecord> who = lookup.lookupByIp("10.1.2.50");
 * BatchPoller poller = lookup.newBatchPoller(startTimestamp);  // call runOnce() every query-interval
 * client.status(); client.counters(); client.close();
 * }</pre>
 *
 * <h2>Choices where the protocol record (docs/jims-protocol.md) is silent</h2>
 * <ul>
 * <li>Timeouts of 0 minutes mean "never expires", for valid and for invalid entries.</li>
 * <li>query-delay-time is validated and exposed but not applied: the lookup facade queries at once
 * (a login cannot wait 15 s); deferring IP queries is the caller's choice.</li>
 * <li>When every server is Offline, requests fail at once with {@link
 * io.github.kcpartner.jims.client.JimsUnavailableException}; the prober probes every Offline server,
 * the secondary included, so either may bring service back.</li>
 * <li>HTTP 400 is a refused query (no failover); other non-200 answers are server failures.</li>
 * <li>A logoff in an IP-query answer is not a "null answer": preserve-valid-user does not keep the
 * user then.</li>
 * <li>max-connections bounds concurrent IP/user queries; each server's pool holds
 * max-connections + 2 connections (batch and probe).</li>
 * </ul>
 */
package io.github.kcpartner.jims.client;
