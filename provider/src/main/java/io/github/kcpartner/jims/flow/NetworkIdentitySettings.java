package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.client.CidrBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The settings of a {@code jims-network-identity} or {@code jims-user-matches-network} step, as
 * the administrator saved them on the execution (Authentication &gt; Flows &gt; the step's gear).
 * A step without a configuration runs with the defaults: mode {@code hint}, the realm's first
 * enabled {@code jims} federation, IP queries allowed, failure policy {@code skip}.
 */
final class NetworkIdentitySettings {

    enum Mode {
        HINT,
        OFFER,
        AUTO
    }

    enum FailurePolicy {
        SKIP,
        DENY
    }

    static final String MODE = "jimsMode";
    static final String COMPONENT = "jimsComponent";
    static final String IP_QUERY = "jimsIpQuery";
    static final String DOMAIN_IDPS = "jimsDomainIdps";
    static final String TRUSTED_CIDRS = "jimsTrustedCidrs";
    static final String MAX_AGE = "jimsMaxAgeSeconds";
    static final String GROUPS = "jimsGroups";
    static final String FAILURE_POLICY = "jimsFailurePolicy";
    static final String USER_ATTRIBUTE = "jimsUserAttribute";
    static final String NEGATE = "jimsNegate";
    static final String HINT_FORM = "jimsHintForm";
    static final String TRUSTED_PROXIES = "jimsTrustedProxies";
    static final String MAX_HOPS = "jimsMaxForwardedHops";
    static final String LOOKUP_CIDRS = "jimsLookupCidrs";
    static final String ATTRIBUTE_FORM = "jimsUserAttributeForm";
    static final String OPT_OUT_GROUP = "jimsOptOutGroup";

    /** Looked up when "Networks to look up" is not set: the private ranges of RFC 1918 and the unique local IPv6 range. */
    static final List<String> DEFAULT_LOOKUP_CIDRS =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    static final int DEFAULT_MAX_HOPS = 10;
    static final String DEFAULT_OPT_OUT_GROUP = "no-network-sign-in";

    /** How a user attribute names a JIMS identity: always with its domain. */
    enum AttributeForm {
        USER_AT_DOMAIN,
        DOMAIN_USER
    }

    /** How the login hint names the JIMS user. */
    enum HintForm {
        FEDERATION,
        USER,
        USER_AT_DOMAIN,
        DOMAIN_USER
    }

    static final long DEFAULT_MAX_AGE_SECONDS = 8 * 3600;

    private final Mode mode;
    private final String component;
    private final boolean ipQuery;
    private final Map<String, String> domainIdps;
    private final List<CidrBlock> trustedCidrs;
    private final List<CidrBlock> trustedProxies;
    private final List<CidrBlock> lookupCidrs;
    private final int maxForwardedHops;
    private final AttributeForm attributeForm;
    private final String optOutGroup;
    private final Duration maxAge;
    /** Domain-qualified groups, lower case: <code>domain&#92;group</code>. */
    private final Set<String> groups;

    private final FailurePolicy failurePolicy;
    private final String userAttribute;
    private final boolean negate;
    private final HintForm hintForm;
    private final List<String> problems;

    private NetworkIdentitySettings(Map<String, String> c) {
        List<String> found = new ArrayList<>();
        this.mode = parseEnum(Mode.class, c.get(MODE), Mode.HINT, "mode", found);
        this.component = trim(c.get(COMPONENT));
        this.ipQuery = !"false".equalsIgnoreCase(trim(c.get(IP_QUERY)));
        this.failurePolicy =
                parseEnum(FailurePolicy.class, c.get(FAILURE_POLICY), FailurePolicy.SKIP, "failure policy", found);
        this.userAttribute = trim(c.get(USER_ATTRIBUTE));
        this.negate = "true".equalsIgnoreCase(trim(c.get(NEGATE)));
        this.hintForm = parseHintForm(trim(c.get(HINT_FORM)), found);
        Map<String, String> idps = new LinkedHashMap<>();
        for (String entry : list(c.get(DOMAIN_IDPS))) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                found.add("domain to identity provider \"" + entry + "\" is not domain=alias");
                continue;
            }
            idps.put(
                    entry.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    entry.substring(eq + 1).trim());
        }
        this.domainIdps = Map.copyOf(idps);
        this.trustedCidrs = cidrs(list(c.get(TRUSTED_CIDRS)), "trusted network", found);
        this.trustedProxies = cidrs(list(c.get(TRUSTED_PROXIES)), "trusted proxy", found);
        List<String> lookup = list(c.get(LOOKUP_CIDRS));
        this.lookupCidrs = cidrs(lookup.isEmpty() ? DEFAULT_LOOKUP_CIDRS : lookup, "network to look up", found);
        this.maxForwardedHops = (int) number(c.get(MAX_HOPS), DEFAULT_MAX_HOPS, 1, 50, "maximum forwarded hops", found);
        this.attributeForm = parseAttributeForm(trim(c.get(ATTRIBUTE_FORM)), found);
        String optOut = trim(c.get(OPT_OUT_GROUP));
        this.optOutGroup = optOut.isEmpty() ? DEFAULT_OPT_OUT_GROUP : optOut;
        long seconds = DEFAULT_MAX_AGE_SECONDS;
        String age = trim(c.get(MAX_AGE));
        if (!age.isEmpty()) {
            try {
                seconds = Long.parseLong(age);
                if (seconds < 1) {
                    found.add("maximum entry age must be at least 1 second");
                }
            } catch (NumberFormatException e) {
                found.add("maximum entry age \"" + age + "\" is not a number of seconds");
            }
        }
        this.maxAge = Duration.ofSeconds(Math.max(1, seconds));
        Set<String> g = new LinkedHashSet<>();
        for (String entry : list(c.get(GROUPS))) {
            String qualified = qualifiedGroup(entry);
            if (qualified == null) {
                found.add("JIMS group \"" + entry + "\" does not name its domain (DOMAIN\\group or group@domain)");
            } else {
                g.add(qualified);
            }
        }
        this.groups = Set.copyOf(g);
        this.problems = List.copyOf(found);
    }

    /** The settings of an execution's configuration; {@code null} (no configuration) gives the defaults. */
    static NetworkIdentitySettings of(AuthenticatorConfigModel model) {
        return new NetworkIdentitySettings(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    static NetworkIdentitySettings of(Map<String, String> config) {
        return new NetworkIdentitySettings(config);
    }

    Mode mode() {
        return mode;
    }

    /** The {@code jims} federation's id or name; empty for the realm's first enabled one. */
    String component() {
        return component;
    }

    /** Whether an address the table does not know is asked of JIMS (bounded by the component's timeouts). */
    boolean ipQuery() {
        return ipQuery;
    }

    /** The identity provider alias for a JIMS domain (case-insensitive), or {@code null}. */
    String idpFor(String domain) {
        return domain == null ? null : domainIdps.get(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code ip} lies in one of the trusted networks (none configured: no address does). */
    boolean trusted(String ip) {
        return trustedCidrs.stream().anyMatch(b -> b.contains(ip));
    }

    Duration maxAge() {
        return maxAge;
    }

    /**
     * Whether one of {@code memberOf}, the groups of a JIMS user of {@code domain}, is a configured
     * group of that domain (none configured: nobody is). A group of the same name in another domain
     * is another group.
     */
    boolean inGroups(String domain, List<String> memberOf) {
        String d = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
        return !d.isEmpty() && memberOf.stream().anyMatch(g -> groups.contains(d + "\\" + g.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code ip} lies in a network whose addresses are looked up (the private ranges unless configured). */
    boolean lookedUp(String ip) {
        return lookupCidrs.stream().anyMatch(b -> b.contains(ip));
    }

    /** The proxies whose forwarded entries are believed (none: forwarded headers are never believed). */
    List<CidrBlock> trustedProxies() {
        return trustedProxies;
    }

    int maxForwardedHops() {
        return maxForwardedHops;
    }

    /** The user attribute's value for a JIMS identity: domain-qualified, lower case. */
    String attributeValue(String domain, String user) {
        String d = domain.toLowerCase(Locale.ROOT);
        String u = user.toLowerCase(Locale.ROOT);
        return attributeForm == AttributeForm.DOMAIN_USER ? d + "\\" + u : u + "@" + d;
    }

    /** The Keycloak group whose members are never signed in by {@code auto} (a name or a path). */
    String optOutGroup() {
        return optOutGroup;
    }

    FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** The user attribute that holds the JIMS identity (the condition); empty: the username. */
    String userAttribute() {
        return userAttribute;
    }

    boolean negate() {
        return negate;
    }

    /**
     * The login hint (username pre-fill and {@code login_hint} to a mapped identity provider) for
     * the JIMS user {@code user} of {@code domain}, whose username in the federation's form is
     * {@code federationUsername}.
     */
    String hint(String domain, String user, String federationUsername) {
        return switch (hintForm) {
            case FEDERATION -> federationUsername;
            case USER -> user;
            case USER_AT_DOMAIN -> domain.isEmpty() ? user : user + "@" + domain;
            case DOMAIN_USER -> domain.isEmpty() ? user : domain + "\\" + user;
        };
    }

    /** What is wrong with the saved values, in English for the server log; empty when nothing is. */
    List<String> problems() {
        return problems;
    }

    /** The form of {@code jims-network-identity}. */
    static List<ProviderConfigProperty> networkIdentityProperties() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create()
                .property()
                .name(MODE)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("hint", "offer", "auto")
                .defaultValue("hint")
                .label("jimsNetwork.mode")
                .helpText("jimsNetwork.mode.help")
                .add()
                .property()
                .name(COMPONENT)
                .type(ProviderConfigProperty.STRING_TYPE)
                .label("jimsNetwork.component")
                .helpText("jimsNetwork.component.help")
                .add()
                .property()
                .name(IP_QUERY)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .label("jimsNetwork.ipQuery")
                .helpText("jimsNetwork.ipQuery.help")
                .add()
                .property()
                .name(HINT_FORM)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("federation", "user", "user@domain", "domain\\user")
                .defaultValue("federation")
                .label("jimsNetwork.hintForm")
                .helpText("jimsNetwork.hintForm.help")
                .add()
                .property()
                .name(DOMAIN_IDPS)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("jimsNetwork.domainIdps")
                .helpText("jimsNetwork.domainIdps.help")
                .add()
                .property()
                .name(TRUSTED_CIDRS)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("jimsNetwork.trustedCidrs")
                .helpText("jimsNetwork.trustedCidrs.help")
                .add()
                .property()
                .name(MAX_AGE)
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(DEFAULT_MAX_AGE_SECONDS))
                .label("jimsNetwork.maxAge")
                .helpText("jimsNetwork.maxAge.help")
                .add()
                .property()
                .name(GROUPS)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("jimsNetwork.groups")
                .helpText("jimsNetwork.groups.help")
                .add()
                .property()
                .name(USER_ATTRIBUTE)
                .type(ProviderConfigProperty.STRING_TYPE)
                .label("jimsNetwork.bindAttribute")
                .helpText("jimsNetwork.bindAttribute.help")
                .add();
        attributeForm(b)
                .property()
                .name(OPT_OUT_GROUP)
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_OPT_OUT_GROUP)
                .label("jimsNetwork.optOutGroup")
                .helpText("jimsNetwork.optOutGroup.help")
                .add()
                .property()
                .name(FAILURE_POLICY)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("skip", "deny")
                .defaultValue("skip")
                .label("jimsNetwork.failurePolicy")
                .helpText("jimsNetwork.failurePolicy.help")
                .add();
        return address(b).build();
    }

    /** Where the client address comes from and which addresses are looked up: every step has them. */
    private static ProviderConfigurationBuilder address(ProviderConfigurationBuilder builder) {
        return builder.property()
                .name(LOOKUP_CIDRS)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .defaultValue(DEFAULT_LOOKUP_CIDRS)
                .label("jimsNetwork.lookupCidrs")
                .helpText("jimsNetwork.lookupCidrs.help")
                .add()
                .property()
                .name(TRUSTED_PROXIES)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .label("jimsNetwork.trustedProxies")
                .helpText("jimsNetwork.trustedProxies.help")
                .add()
                .property()
                .name(MAX_HOPS)
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULT_MAX_HOPS))
                .label("jimsNetwork.maxForwardedHops")
                .helpText("jimsNetwork.maxForwardedHops.help")
                .add();
    }

    private static ProviderConfigurationBuilder attributeForm(ProviderConfigurationBuilder builder) {
        return builder.property()
                .name(ATTRIBUTE_FORM)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("user@domain", "domain\\user")
                .defaultValue("user@domain")
                .label("jimsNetwork.attributeForm")
                .helpText("jimsNetwork.attributeForm.help")
                .add();
    }

    /** The form of {@code jims-username-password-form}: which federation, and how a user is compared. */
    static List<ProviderConfigProperty> passwordFormProperties() {
        return address(userLookup(ProviderConfigurationBuilder.create())).build();
    }

    /** The federation, whether to query JIMS, and the user attribute: shared by the condition and the password form. */
    private static ProviderConfigurationBuilder userLookup(ProviderConfigurationBuilder builder) {
        return attributeForm(userLookupFields(builder));
    }

    private static ProviderConfigurationBuilder userLookupFields(ProviderConfigurationBuilder builder) {
        return builder.property()
                .name(COMPONENT)
                .type(ProviderConfigProperty.STRING_TYPE)
                .label("jimsNetwork.component")
                .helpText("jimsNetwork.component.help")
                .add()
                .property()
                .name(IP_QUERY)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .label("jimsNetwork.ipQuery")
                .helpText("jimsNetwork.ipQuery.help")
                .add()
                .property()
                .name(USER_ATTRIBUTE)
                .type(ProviderConfigProperty.STRING_TYPE)
                .label("jimsNetwork.userAttribute")
                .helpText("jimsNetwork.userAttribute.help")
                .add();
    }

    /** The form of {@code jims-user-matches-network}. */
    static List<ProviderConfigProperty> conditionProperties() {
        return address(userLookup(ProviderConfigurationBuilder.create()))
                .property()
                .name(NEGATE)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .label("jimsNetwork.negate")
                .helpText("jimsNetwork.negate.help")
                .add()
                .property()
                .name(FAILURE_POLICY)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("skip", "deny")
                .defaultValue("skip")
                .label("jimsNetwork.failurePolicy")
                .helpText("jimsNetwork.conditionFailurePolicy.help")
                .add()
                .build();
    }

    private static <E extends Enum<E>> E parseEnum(
            Class<E> type, String value, E fallback, String what, List<String> found) {
        String v = trim(value);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            found.add(what + " \"" + v + "\" is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
            return fallback;
        }
    }

    private static List<CidrBlock> cidrs(List<String> entries, String what, List<String> found) {
        List<CidrBlock> out = new ArrayList<>();
        for (String entry : entries) {
            CidrBlock block = CidrBlock.parse(entry);
            if (block == null) {
                found.add(what + " \"" + entry + "\" is not a CIDR block");
            } else {
                out.add(block);
            }
        }
        return List.copyOf(out);
    }

    private static long number(String value, long fallback, long min, long max, String what, List<String> found) {
        String v = trim(value);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        found.add(what + " \"" + v + "\" is not a number from " + min + " to " + max);
        return fallback;
    }

    /** <code>DOMAIN&#92;group</code> or {@code group@domain} as <code>domain&#92;group</code> in lower case; {@code null} for a bare name. */
    static String qualifiedGroup(String entry) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        int slash = e.indexOf('\\');
        if (slash > 0 && slash < e.length() - 1) {
            return e;
        }
        int at = e.lastIndexOf('@');
        if (at > 0 && at < e.length() - 1) {
            return e.substring(at + 1) + "\\" + e.substring(0, at);
        }
        return null;
    }

    private static AttributeForm parseAttributeForm(String value, List<String> found) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "", "user@domain":
                return AttributeForm.USER_AT_DOMAIN;
            case "domain\\user":
                return AttributeForm.DOMAIN_USER;
            default:
                found.add("user attribute form \"" + value + "\" is not one of user@domain, domain\\user");
                return AttributeForm.USER_AT_DOMAIN;
        }
    }

    private static HintForm parseHintForm(String value, List<String> found) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "", "federation":
                return HintForm.FEDERATION;
            case "user":
                return HintForm.USER;
            case "user@domain":
                return HintForm.USER_AT_DOMAIN;
            case "domain\\user":
                return HintForm.DOMAIN_USER;
            default:
                found.add(
                        "login hint form \"" + value + "\" is not one of federation, user, user@domain, domain\\user");
                return HintForm.FEDERATION;
        }
    }

    /** A multivalued setting as Keycloak stores it (values joined by {@code ##}), blanks dropped. */
    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : value.split("##")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
