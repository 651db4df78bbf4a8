/**
 * A fault-injecting OpenID Provider for the relying party's negative tests.
 *
 * <p>{@link io.github.kcpartner.it.faultyop.FaultyOp} serves discovery, authorize (no login page),
 * token, userinfo, JWKS and (switched on) pushed authorization requests on 127.0.0.1, with signed
 * request objects and private_key_jwt when switched on; {@link io.github.kcpartner.it.faultyop.ClientSettings}
 * registers clients with any ID token / userinfo signing and encryption;
 * {@link io.github.kcpartner.it.faultyop.Fault} switches each break exactly one thing. All JOSE
 * goes through Nimbus JOSE+JWT; at_hash, c_hash and PKCE through the Nimbus OAuth 2.0 SDK.
 */
package io.github.kcpartner.it.faultyop;
