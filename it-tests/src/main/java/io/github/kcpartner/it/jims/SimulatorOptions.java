package io.github.kcpartner.it.jims;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link JimsSimulatorMain}. */
final class SimulatorOptions {

    static final String USAGE = String.join(
            "\n",
            "Usage: JimsSimulatorMain [options]",
            "  --port N               primary port (default 0: a free port, printed)",
            "  --secondary-port N     also start a secondary JIMS sharing the directory (0: free port)",
            "  --http | --https       connect method (default https)",
            "  --bind IP              address to bind (default 127.0.0.1)",
            "  --client-id ID         OAuth2 client id (default srx)",
            "  --client-secret S      OAuth2 client secret (default jims-secret)",
            "  --ca-pem FILE          write the simulator CA certificate (PEM) here (https)",
            "  --san NAME             server certificate SAN, repeatable (default localhost, 127.0.0.1, ::1 and --bind)",
            "  --path-prefix P        path prefix before both APIs (default empty)",
            "  --token-api P          token API path (default oauth_token/oauth)",
            "  --query-api P          query API path (default user_query/v2)",
            "  --token-lifetime SEC   token lifetime (default 28800)",
            "  --synthetic N          add N synthetic logons (10.0.0.1 upwards are overwritten by the demo users)",
            "  --help                 this text",
            "Commands on stdin: <primary|secondary> <none|down|hang|slow MS|5xx [STATUS]|bad-json|huge|",
            "  missing-fields|wrong-types|expired-token|release>, logon IP DOMAIN USER [GROUP...], logoff IP, stats");

    int port;
    Integer secondaryPort;
    boolean https = true;
    String bind = "127.0.0.1";
    String clientId = "srx";
    String clientSecret = "jims-secret";
    Path caPem;
    final List<String> sans = new ArrayList<>();
    String pathPrefix = "";
    String tokenApi = "oauth_token/oauth";
    String queryApi = "user_query/v2";
    Duration tokenLifetime = Duration.ofSeconds(28_800);
    int synthetic;
    boolean help;

    static SimulatorOptions parse(String... args) {
        SimulatorOptions options = new SimulatorOptions();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--http" -> options.https = false;
                case "--https" -> options.https = true;
                case "--help", "-h" -> options.help = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + name);
                    }
                    options.set(name, args[++i]);
                }
            }
        }
        if (options.sans.isEmpty()) {
            options.sans.addAll(List.of("localhost", "127.0.0.1", "::1"));
            if (!options.sans.contains(IpLiterals.canonical(options.bind))) {
                options.sans.add(options.bind);
            }
        }
        return options;
    }

    private void set(String name, String value) {
        switch (name) {
            case "--port" -> port = port(value);
            case "--secondary-port" -> secondaryPort = port(value);
            case "--bind" -> bind = IpLiterals.canonical(value);
            case "--client-id" -> clientId = value;
            case "--client-secret" -> clientSecret = value;
            case "--ca-pem" -> caPem = Path.of(value);
            case "--san" -> sans.add(value);
            case "--path-prefix" -> pathPrefix = value;
            case "--token-api" -> tokenApi = value;
            case "--query-api" -> queryApi = value;
            case "--token-lifetime" -> tokenLifetime = Duration.ofSeconds(Long.parseLong(value));
            case "--synthetic" -> synthetic = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
    }

    private static int port(String value) {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + value);
        }
        return port;
    }
}
