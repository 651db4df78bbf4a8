package io.github.kcpartner.migration;

import io.github.kcpartner.broker.mapper.PartnerAttributeMapper;
import io.github.kcpartner.broker.partner.PartnerOidcConfig;
import io.github.kcpartner.broker.partner.PartnerOidcIdentityProviderFactory;
import io.github.kcpartner.script.RuleEngine;
import io.github.kcpartner.script.RuleRepository;
import io.github.kcpartner.script.ServerRules;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST /admin/realms/{realm}/partner-import/isva}: the import of one ISVA OIDC RP partner
 * ({@link IsvaImporter}). A dry run by default (the plan and the report, nothing created);
 * {@code ?apply=true} creates the provider, its mappers and its rule files, all or nothing, when
 * nothing is "not understood" (or {@code force=true}), no rule of another text is in the way (or
 * {@code overwrite=true}), the alias is free and the configuration passes the console's save-time
 * rules. Needs manage-identity-providers; an apply is an admin event. Secrets never appear: the
 * configuration holds vault references and the answer names the vault files to create.
 */
public final class IsvaImportResource {

    private static final Logger LOG = Logger.getLogger(IsvaImportResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    IsvaImportResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @POST
    @Path("isva")
    @Produces(MediaType.APPLICATION_JSON)
    public Response isva(
            InputStream body,
            @QueryParam("apply") boolean apply,
            @QueryParam("overwrite") boolean overwrite,
            @QueryParam("force") boolean force,
            @QueryParam("alias") String alias) {
        auth.realm().requireManageIdentityProviders();
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(IsvaImporter.MAX_BYTES + 1);
        } catch (IOException e) {
            return error(Response.Status.BAD_REQUEST, "invalid_input", "the request body could not be read");
        }
        RuleEngine engine = ServerRules.engine(session);
        java.nio.file.Path rules = engine.rulesDirectory();
        ImportPlan plan;
        try {
            plan = IsvaImporter.plan(
                    bytes,
                    new IsvaImporter.Options(
                            alias,
                            realm.getName(),
                            vaultDirectory(),
                            engine.ruleNames(),
                            n -> ruleFile(rules, n),
                            overwrite));
        } catch (ImportRefusedException e) {
            LOG.debugf("ISVA import into %s refused: %s", realm.getName(), e.getMessage());
            return error(Response.Status.BAD_REQUEST, e.error(), e.getMessage());
        }
        PartnerOidcConfig config = config(plan);
        String saveProblems = saveProblems(config, plan);
        List<String> blockers = new ArrayList<>();
        boolean exists = session.identityProviders().getByAlias(plan.alias()) != null;
        if (exists) {
            blockers.add("an identity provider with the alias " + plan.alias()
                    + " exists: delete it or give another ?alias=");
        }
        plan.conflicts()
                .forEach(r -> blockers.add(
                        "the rule " + r.name() + " exists with another text: ?overwrite=true replaces it"));
        if (plan.notUnderstood() > 0 && !force) {
            blockers.add(plan.notUnderstood() + " field(s) not understood: see the report; ?force=true imports anyway");
        }
        if (saveProblems != null) {
            blockers.add("the console would refuse this configuration: " + saveProblems);
        }
        if (plan.rules().stream().anyMatch(r -> !PlannedRule.UNCHANGED.equals(r.action())) && rules == null) {
            blockers.add("the server has no rules directory to write the rules into");
        }
        Map<String, Object> answer = answer(plan, blockers, false);
        if (!apply) {
            return Response.ok(answer).type(MediaType.APPLICATION_JSON).build();
        }
        if (!blockers.isEmpty()) {
            Response.Status status =
                    exists || !plan.conflicts().isEmpty() ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST;
            return refusal(status, "import_refused", String.join("; ", blockers), answer);
        }
        return create(plan, config, rules, answer);
    }

    /** Rules first (the provider's identity mapping must find its rule), then the provider and its mappers. */
    private Response create(
            ImportPlan plan, PartnerOidcConfig config, java.nio.file.Path rules, Map<String, Object> answer) {
        RuleFileWriter files = new RuleFileWriter(rules);
        session.getTransactionManager().enlistAfterCompletion(files);
        IdentityProviderRepresentation rep = representation(plan, config);
        try {
            for (PlannedRule rule : plan.rules()) {
                if (!PlannedRule.UNCHANGED.equals(rule.action())) {
                    files.write(rule);
                }
            }
            IdentityProviderModel model =
                    RepresentationToModel.toModel(realm, rep, session); // the console's validation
            session.identityProviders().create(model);
            for (PlannedMapper m : plan.mappers()) {
                IdentityProviderMapperModel mapper = new IdentityProviderMapperModel();
                mapper.setName(m.name());
                mapper.setIdentityProviderAlias(plan.alias());
                mapper.setIdentityProviderMapper(PartnerAttributeMapper.PROVIDER_ID);
                mapper.setConfig(new LinkedHashMap<>(m.config()));
                session.identityProviders().createMapper(mapper);
            }
        } catch (RuntimeException e) {
            files.restore();
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf("ISVA import of %s into %s failed: %s", plan.alias(), realm.getName(), e.getMessage());
            String reason = e instanceof IllegalArgumentException
                    ? "the console would refuse this configuration: " + e.getMessage()
                    : "the import failed and was taken back: " + e.getClass().getSimpleName();
            return refusal(Response.Status.BAD_REQUEST, "import_refused", reason, answer);
        }
        adminEvent
                .operation(OperationType.CREATE)
                .resource(ResourceType.IDENTITY_PROVIDER)
                .resourcePath(session.getContext().getUri(), plan.alias())
                .representation(eventRepresentation(plan))
                .success();
        answer.put("applied", true);
        LOG.infof(
                "ISVA partner imported into realm %s as %s: %d mapper(s), %d rule(s)",
                realm.getName(),
                plan.alias(),
                plan.mappers().size(),
                plan.rules().size());
        return Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON)
                .entity(answer)
                .build();
    }

    private PartnerOidcConfig config(ImportPlan plan) {
        PartnerOidcConfig config = new PartnerOidcConfig();
        config.setAlias(plan.alias());
        config.getConfig().putAll(plan.config());
        return config;
    }

    /** The console's save-time rules, the planned rules counted as deployed; null when none is violated. */
    private String saveProblems(PartnerOidcConfig config, ImportPlan plan) {
        Set<String> planned = plan.rules().stream().map(PlannedRule::name).collect(Collectors.toSet());
        try {
            return config.saveProblems(realm, planned);
        } catch (RuntimeException e) {
            LOG.debugf("save-time rules of the ISVA import could not run: %s", e);
            return "the save-time rules could not run (" + e.getClass().getSimpleName() + ")";
        }
    }

    private IdentityProviderRepresentation representation(ImportPlan plan, PartnerOidcConfig config) {
        IdentityProviderRepresentation rep = new IdentityProviderRepresentation();
        rep.setAlias(plan.alias());
        rep.setDisplayName(plan.displayName());
        rep.setProviderId(PartnerOidcIdentityProviderFactory.PROVIDER_ID);
        rep.setEnabled(plan.enabled());
        rep.setConfig(new LinkedHashMap<>(config.getConfig()));
        return rep;
    }

    /** What the admin event records: names and settings (vault references only), never a secret or a script. */
    private static Map<String, Object> eventRepresentation(ImportPlan plan) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("alias", plan.alias());
        rep.put("providerId", PartnerOidcIdentityProviderFactory.PROVIDER_ID);
        rep.put("importedFrom", "ISVA");
        rep.put("config", plan.config());
        rep.put("mappers", plan.mappers().stream().map(PlannedMapper::name).toList());
        rep.put("rules", plan.rules().stream().map(PlannedRule::name).toList());
        return rep;
    }

    private static Map<String, Object> answer(ImportPlan plan, List<String> blockers, boolean applied) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("applied", applied);
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("alias", plan.alias());
        provider.put("displayName", plan.displayName());
        provider.put("providerId", PartnerOidcIdentityProviderFactory.PROVIDER_ID);
        provider.put("enabled", plan.enabled());
        provider.put("config", plan.config());
        answer.put("provider", provider);
        List<Map<String, Object>> mappers = new ArrayList<>();
        for (PlannedMapper m : plan.mappers()) {
            Map<String, Object> mapper = new LinkedHashMap<>();
            mapper.put("name", m.name());
            mapper.put("identityProviderMapper", PartnerAttributeMapper.PROVIDER_ID);
            mapper.put("config", m.config());
            mappers.add(mapper);
        }
        answer.put("mappers", mappers);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (PlannedRule r : plan.rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", r.name());
            rule.put("isvaId", r.isvaId());
            rule.put("action", r.action());
            rule.put("bytes", r.content().getBytes(StandardCharsets.UTF_8).length);
            rules.add(rule);
        }
        answer.put("rules", rules);
        answer.put("vault", plan.vault());
        answer.put("report", plan.report());
        Map<String, Long> summary = new LinkedHashMap<>();
        for (String status : List.of(ReportEntry.MAPPED, ReportEntry.DEFAULTED, ReportEntry.NOT_UNDERSTOOD)) {
            summary.put(
                    status,
                    plan.report().stream()
                            .filter(e -> status.equals(e.status()))
                            .count());
        }
        answer.put("summary", summary);
        answer.put("blockers", blockers);
        return answer;
    }

    private static Optional<String> ruleFile(java.nio.file.Path rules, String name) {
        if (rules == null || !RuleRepository.isValidName(name)) {
            return Optional.empty();
        }
        java.nio.file.Path file = rules.resolve(name + ".js");
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.of(""); // unreadable: counts as another text, never overwritten unasked
        }
    }

    private static String vaultDirectory() {
        try {
            return org.keycloak.Config.scope("vault", "file").get("dir");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Response error(Response.Status status, String error, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }

    private static Response refusal(Response.Status status, String error, String reason, Map<String, Object> answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason);
        body.putAll(answer);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
