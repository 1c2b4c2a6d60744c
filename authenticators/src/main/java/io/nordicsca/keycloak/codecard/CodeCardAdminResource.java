package io.nordicsca.keycloak.codecard;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nordicsca.keycloak.AdminAnswers;
import io.nordicsca.keycloak.JsonErrors;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * The bank's code card desk, at {@code /admin/realms/{realm}/nordic-sca-code-cards}. Keycloak has
 * authenticated the admin's bearer token; every call needs permission to manage the user.
 *
 * <ul>
 * <li>{@code POST users/{id}}: issue a card (the previous one is revoked). Answers once with the
 *     codes, as JSON or, with {@code Accept: text/html}, as a printable card. Never again.</li>
 * <li>{@code GET users/{id}}: the user's cards, without codes (also needs manage permission: the
 *     serial is half of what activates a card).</li>
 * <li>{@code DELETE users/{id}}: revoke the user's usable card.</li>
 * </ul>
 */
public class CodeCardAdminResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CodeCardAdminResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public CodeCardAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    /** The request body of an issue call; every field is optional. */
    record IssueRequest(Integer positions, Integer digits, Integer validDays, Boolean activated) {
    }

    @POST
    @Path("users/{userId}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response issue(@PathParam("userId") String userId, @QueryParam("locale") String localeTag,
                          @jakarta.ws.rs.core.Context HttpHeaders headers, String body) {
        UserModel user = manageableUser(userId);
        IssueRequest request;
        try {
            request = body == null || body.isBlank() ? null : JsonSerialization.readValue(body, IssueRequest.class);
            if (request == null) { // an empty body, or the JSON literal null
                request = new IssueRequest(null, null, null, null);
            }
        } catch (IOException e) {
            return JsonErrors.response(Response.Status.BAD_REQUEST, "invalid_request", "The body must be a JSON object with optional "
                    + "positions, digits, validDays and activated.");
        }
        CodeCardSpec defaults = CodeCardConfig.from(CodeCardRealmSettings.stepConfig(realm)).issuingDefaults();
        CodeCardSpec spec = new CodeCardSpec(
                request.positions() != null ? request.positions() : defaults.positions(),
                request.digits() != null ? request.digits() : defaults.digits(),
                request.validDays() != null ? request.validDays() : defaults.validDays());
        if (!spec.problems().isEmpty()) {
            return JsonErrors.response(Response.Status.BAD_REQUEST, "invalid_request", String.join("; ", spec.problems()));
        }
        boolean activated = Boolean.TRUE.equals(request.activated());

        CodeCardIssuer.IssuedCodeCard issued;
        try {
            issued = provider().issue(realm, user, spec, activated);
        } catch (CellPeppers.Unavailable e) {
            // The server's current pepper is missing from the vault: issue nothing rather than a card sealed without it.
            LOG.warn(e.getMessage());
            session.getTransactionManager().setRollbackOnly();
            return JsonErrors.response(Response.Status.SERVICE_UNAVAILABLE, "pepper_unavailable",
                    "The server's code card pepper cannot be read; no card was issued. See the server log.");
        }
        if (activated) {
            user.removeRequiredAction(ActivateCodeCardActionFactory.PROVIDER_ID);
        } else {
            user.addRequiredAction(ActivateCodeCardActionFactory.PROVIDER_ID);
        }
        adminEvent.operation(OperationType.CREATE).resourcePath("users", user.getId(), "code-card")
                .representation(Map.of(CodeCardEvents.CARD, issued.credential().serialEnding())).success();

        // HTML only when asked for by name (a browser's first choice); curl's */* gets JSON.
        boolean html = headers.getAcceptableMediaTypes().stream()
                .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
                .findFirst()
                .map(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE))
                .orElse(false);
        if (html) {
            Locale locale = localeTag != null && !localeTag.isBlank() ? Locale.forLanguageTag(localeTag) : session.getContext().resolveLocale(user);
            String page = CodeCardPrintout.html(session, realm, user, issued, locale);
            return oneTimeAnswer(Response.status(Response.Status.CREATED).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page));
        }
        Map<String, Object> card = summary(issued.credential());
        Map<String, String> codes = new LinkedHashMap<>();
        for (int position = 1; position <= issued.codes().size(); position++) {
            codes.put(String.valueOf(position), issued.codes().get(position - 1));
        }
        card.put("codes", codes);
        return oneTimeAnswer(Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(card));
    }

    /** The only answer that ever holds the codes: no browser or proxy may keep a copy. */
    private static Response oneTimeAnswer(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list(@PathParam("userId") String userId) {
        UserModel user = manageableUser(userId); // the serial is half of an activation: managers only
        return provider().cards(user).map(CodeCardAdminResource::summary).toList();
    }

    @DELETE
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("userId") String userId) {
        UserModel user = manageableUser(userId);
        if (!provider().revoke(user)) {
            return JsonErrors.response(Response.Status.NOT_FOUND, "no_usable_card", "The user has no active or issued code card.");
        }
        user.removeRequiredAction(ActivateCodeCardActionFactory.PROVIDER_ID);
        adminEvent.operation(OperationType.DELETE).resourcePath("users", user.getId(), "code-card").success();
        return Response.noContent().build();
    }

    private UserModel manageableUser(String userId) {
        UserModel user = AdminAnswers.user(session, realm, auth, userId);
        auth.users().requireManage(user);
        return user;
    }

    /** What an admin may know about a card: never a code. */
    public static Map<String, Object> summary(CodeCardCredentialModel card) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", card.getId());
        summary.put("serial", card.serial());
        summary.put("status", card.isExpired(Instant.now()) && card.status() == CodeCardStatus.ACTIVE ? "EXPIRED" : card.status().name());
        summary.put("positions", card.positions());
        summary.put("digits", card.digits());
        summary.put("unused", card.unusedCount());
        summary.put("issuedAt", card.issuedAt().toString());
        summary.put("expiresAt", card.expiresAt() == null ? null : card.expiresAt().toString());
        summary.put("pepperId", card.pepperId()); // which server pepper sealed it (null: before peppers), for rotation
        return summary;
    }

    private CodeCardCredentialProvider provider() {
        return (CodeCardCredentialProvider) session.getProvider(CredentialProvider.class, CodeCardCredentialProviderFactory.PROVIDER_ID);
    }
}
