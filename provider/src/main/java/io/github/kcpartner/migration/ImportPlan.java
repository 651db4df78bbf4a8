package io.github.kcpartner.migration;

import java.util.List;
import java.util.Map;

/**
 * What an import creates and the report of every input field.
 *
 * @param alias       the provider's alias
 * @param displayName the provider's display name (ISVA's partner name)
 * @param enabled     whether the provider is enabled
 * @param config      the {@code partner-openid-connect} configuration (secrets as vault references)
 * @param mappers     the attribute mapper instances
 * @param rules       the rule files, referenced by the configuration
 * @param vault       the vault entries the administrator creates
 * @param report      every input field: mapped, defaulted or not understood
 */
public record ImportPlan(
        String alias,
        String displayName,
        boolean enabled,
        Map<String, String> config,
        List<PlannedMapper> mappers,
        List<PlannedRule> rules,
        List<VaultSecret> vault,
        List<ReportEntry> report) {

    /** @return how many fields were not understood (apply refuses unless forced when not 0) */
    public long notUnderstood() {
        return report.stream()
                .filter(e -> ReportEntry.NOT_UNDERSTOOD.equals(e.status()))
                .count();
    }

    /** @return the rules that are in the way (another version is deployed and overwrite was not asked) */
    public List<PlannedRule> conflicts() {
        return rules.stream()
                .filter(r -> PlannedRule.CONFLICT.equals(r.action()))
                .toList();
    }
}
