/**
 * A real reverse proxy in front of a test server: Debian's nginx, run as a child process by
 * {@link io.github.kcpartner.it.proxy.NginxProxy}, appending the client's address to
 * {@code X-Forwarded-For} as production proxies do.
 */
package io.github.kcpartner.it.proxy;
