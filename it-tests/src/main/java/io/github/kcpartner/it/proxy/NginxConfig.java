package io.github.kcpartner.it.proxy;

import java.nio.file.Path;

/**
 * The configuration {@link NginxProxy} runs nginx with: every file nginx writes (pid, logs, the
 * {@code *_temp} directories) inside its own directory, one server on a loopback port that
 * passes everything to one backend, connecting from {@link NginxProxy#BIND_ADDRESS}, and the
 * forwarding headers of a typical production proxy: the client's address appended to
 * {@code X-Forwarded-For} ({@code $proxy_add_x_forwarded_for}), the original host, port and
 * scheme, so the backend builds its URLs through the proxy.
 */
final class NginxConfig {

    /** A path nginx answers itself (never passed on): the readiness check. */
    static final String READY_PATH = "/.nginx-proxy-ready";

    static final String READY_BODY = "nginx-proxy ready";

    private NginxConfig() {}

    /** nginx.conf for a proxy listening on 127.0.0.1:{@code port} in front of 127.0.0.1:{@code backendPort}. */
    static String render(Path dir, int port, int backendPort) {
        String d = dir.toAbsolutePath().toString();
        return """
                # written by NginxProxy (it-tests); nginx -p @dir@ -c @dir@/nginx.conf -g 'daemon off;'
                worker_processes 1;
                pid "@dir@/nginx.pid";
                error_log "@dir@/error.log" notice;
                events { worker_connections 1024; }
                http {
                    log_format chain '$remote_addr "$request" $status xff_in="$http_x_forwarded_for" '
                                     'xff_out="$proxy_add_x_forwarded_for" upstream=$upstream_addr';
                    access_log "@dir@/access.log" chain;
                    client_body_temp_path "@dir@/client_body_temp";
                    proxy_temp_path "@dir@/proxy_temp";
                    fastcgi_temp_path "@dir@/fastcgi_temp";
                    uwsgi_temp_path "@dir@/uwsgi_temp";
                    scgi_temp_path "@dir@/scgi_temp";
                    # answers are streamed, never spooled to disk (as root the workers run as nobody)
                    proxy_max_temp_file_size 0;
                    # Keycloak's cookies and redirects make large headers
                    large_client_header_buffers 8 64k;
                    proxy_buffer_size 128k;
                    proxy_buffers 8 128k;
                    proxy_busy_buffers_size 256k;
                    upstream backend {
                        server 127.0.0.1:@backend@;
                        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:@port@;
                        location = @ready@ {
                            return 200 "@readyBody@";
                        }
                        location / {
                            proxy_pass http://backend;
                            proxy_bind @bind@;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Forwarded-Host $http_host;
                            proxy_set_header X-Forwarded-Port $server_port;
                            proxy_read_timeout 120s;
                        }
                    }
                }
                """.replace("@dir@", d)
                .replace("@backend@", Integer.toString(backendPort))
                .replace("@port@", Integer.toString(port))
                .replace("@ready@", READY_PATH)
                .replace("@readyBody@", READY_BODY)
                .replace("@bind@", NginxProxy.BIND_ADDRESS);
    }
}
