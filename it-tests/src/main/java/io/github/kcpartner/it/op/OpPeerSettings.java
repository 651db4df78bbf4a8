package io.github.kcpartner.it.op;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start the test OP ({@code op.mjs}).
 *
 * @param opDir directory holding {@code op.mjs} and its {@code node_modules}
 * @param logDir directory for the OP's output log
 * @param nodeBinary the {@code node} executable
 * @param host address the OP binds to (loopback)
 * @param issuerTemplate issuer; {@code {port}} is replaced by the chosen port
 * @param conformIdTokenClaims true: scope-requested claims only in userinfo (OIDC Core); false: also in ID tokens
 * @param enableHttpPost true: the authorization endpoint also takes POST (SameSite=None session cookie)
 * @param startTimeout how long to wait for the discovery document
 * @param mutualTls an HTTPS listener that asks for client certificates (RFC 8705), or {@code null}
 */
public record OpPeerSettings(
        Path opDir,
        Path logDir,
        String nodeBinary,
        String host,
        String issuerTemplate,
        boolean conformIdTokenClaims,
        boolean enableHttpPost,
        Duration startTimeout,
        MutualTls mutualTls) {

    /**
     * The PEM files of the OP's second, mutual-TLS listener.
     *
     * @param serverChain its certificate chain
     * @param serverKey its private key
     * @param clientCa the CA whose client certificates it accepts as authorized
     */
    public record MutualTls(Path serverChain, Path serverKey, Path clientCa) {}

    /** Defaults, overridable with system properties {@code op.dir}, {@code it.log.dir}, {@code node.bin}. */
    public static OpPeerSettings fromSystemProperties() {
        Path base = Path.of(System.getProperty("basedir", ""));
        return new OpPeerSettings(
                base.resolve(System.getProperty("op.dir", "src/test/node/op"))
                        .toAbsolutePath()
                        .normalize(),
                base.resolve(System.getProperty("it.log.dir", "target/it-logs"))
                        .toAbsolutePath()
                        .normalize(),
                System.getProperty("node.bin", "node"),
                "127.0.0.1",
                "http://127.0.0.1:{port}",
                false,
                false,
                Duration.ofSeconds(30),
                null);
    }

    public OpPeerSettings withOpDir(Path dir) {
        return new OpPeerSettings(
                dir,
                logDir,
                nodeBinary,
                host,
                issuerTemplate,
                conformIdTokenClaims,
                enableHttpPost,
                startTimeout,
                mutualTls);
    }

    public OpPeerSettings withLogDir(Path dir) {
        return new OpPeerSettings(
                opDir,
                dir,
                nodeBinary,
                host,
                issuerTemplate,
                conformIdTokenClaims,
                enableHttpPost,
                startTimeout,
                mutualTls);
    }

    public OpPeerSettings withIssuerTemplate(String template) {
        return new OpPeerSettings(
                opDir,
                logDir,
                nodeBinary,
                host,
                template,
                conformIdTokenClaims,
                enableHttpPost,
                startTimeout,
                mutualTls);
    }

    public OpPeerSettings withConformIdTokenClaims(boolean conform) {
        return new OpPeerSettings(
                opDir, logDir, nodeBinary, host, issuerTemplate, conform, enableHttpPost, startTimeout, mutualTls);
    }

    public OpPeerSettings withEnableHttpPost(boolean enable) {
        return new OpPeerSettings(
                opDir, logDir, nodeBinary, host, issuerTemplate, conformIdTokenClaims, enable, startTimeout, mutualTls);
    }

    public OpPeerSettings withStartTimeout(Duration timeout) {
        return new OpPeerSettings(
                opDir,
                logDir,
                nodeBinary,
                host,
                issuerTemplate,
                conformIdTokenClaims,
                enableHttpPost,
                timeout,
                mutualTls);
    }

    public OpPeerSettings withMutualTls(MutualTls tls) {
        return new OpPeerSettings(
                opDir,
                logDir,
                nodeBinary,
                host,
                issuerTemplate,
                conformIdTokenClaims,
                enableHttpPost,
                startTimeout,
                tls);
    }
}
