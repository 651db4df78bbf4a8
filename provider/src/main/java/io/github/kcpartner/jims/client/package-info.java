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
 * <li>query-delay-time is not offered: on the SRX it holds the IP query for an unknown address so
 * that JIMS can learn the logon first; a Keycloak login cannot wait for it (up to 60 s), so the
 * lookup facade queries at once. A stored value (an imported SRX-style config) is ignored.</li>
 * <li>When every server is Offline, a request still tries them in order within their timeouts,
 * and one that answers is Online again at once; the prober probes every Offline server, the
 * secondary included, so either may bring service back. When none answers, {@link
 * io.github.kcpartner.jims.client.JimsUnavailableException}.</li>
 * <li>HTTP 400 is a refused query (no failover); other non-200 answers are server failures.</li>
 * <li>A logoff in an IP-query answer is not a "null answer": preserve-valid-user does not keep the
 * user then.</li>
 * <li>max-connections bounds concurrent IP/user queries; each server's pool holds
 * max-connections + 2 connections (batch and probe).</li>
 * </ul>
 */
package io.github.kcpartner.jims.client;
