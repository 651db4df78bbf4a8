package io.github.kcpartner.jims.flow;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A step whose saved settings are invalid logs one WARN per settings and problem list (then
 * DEBUG on every further login), so a bad configuration is seen without flooding the log.
 */
final class MisconfigurationLog {

    private static final Logger LOG = Logger.getLogger(MisconfigurationLog.class);

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    void report(String step, String realm, String configId, List<String> problems) {
        String text = String.join("; ", problems);
        if (warned.add(configId + "|" + text)) {
            LOG.warnf("%s in realm %s is misconfigured: %s", step, realm, text);
        } else {
            LOG.debugf("%s in realm %s is misconfigured (%s)", step, realm, text);
        }
    }
}
