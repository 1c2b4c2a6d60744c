package io.nordicsca.keycloak.desk;

import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.AdminAnswers;
import io.nordicsca.keycloak.JsonErrors;
import io.nordicsca.keycloak.SeparateEvents;
import io.nordicsca.keycloak.app.AppDeviceCredentialProvider;
import io.nordicsca.keycloak.app.AppDeviceCredentialProviderFactory;
import io.nordicsca.keycloak.codecard.CodeCardAdminResource;
import io.nordicsca.keycloak.codecard.CodeCardCredentialProvider;
import io.nordicsca.keycloak.codecard.CodeCardCredentialProviderFactory;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLock;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.nordicsca.keycloak.lockout.LockoutEvents;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * The bank's lockout desk, at {@code /admin/realms/{realm}/nordic-sca-lockout}. Keycloak has
 * authenticated the admin's bearer token.
 *
 * <ul>
 * <li>{@code GET users/{id}} (view the user): the customer's per-factor locks next to Keycloak's
 *     own attack-detection record, cards, masked phone and apps.</li>
 * <li>{@code POST users/{id}/factors/{factor}/unlock} and {@code .../lock} (manage the user), body
 *     {@code {"reason":"..."}}: open a factor, or lock it until the bank opens it (a customer calls
 *     about a stolen phone), through lockout's {@link Answers} (which sends the user event and, for
 *     the password, clears Keycloak's failure record). Each change is also an admin event carrying
 *     the reason; the answer is the new view.</li>
 * </ul>
 *
 * It lives outside {@code lockout/} because it shows what the capabilities own (cards, phone, apps)
 * and {@code lockout/} imports no capability package.
 */
public class LockoutDeskResource {

    static final String BY_DESK = "desk";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    LockoutDeskResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    record ReasonRequest(String reason) {
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> view(@PathParam("userId") String userId) {
        UserModel user = AdminAnswers.user(session, realm, auth, userId);
        auth.users().requireView(user);
        return view(user);
    }

    @POST
    @Path("users/{userId}/factors/{factor}/unlock")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> unlock(@PathParam("userId") String userId, @PathParam("factor") String factorId, String body) {
        return change(userId, factorId, body, "unlock");
    }

    @POST
    @Path("users/{userId}/factors/{factor}/lock")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> lock(@PathParam("userId") String userId, @PathParam("factor") String factorId, String body) {
        return change(userId, factorId, body, "lock");
    }

    private Map<String, Object> change(String userId, String factorId, String body, String action) {
        UserModel user = AdminAnswers.user(session, realm, auth, userId);
        auth.users().requireManage(user);
        Factor factor = Factor.byId(factorId).orElseThrow(() -> JsonErrors.failure(Response.Status.BAD_REQUEST,
                "unknown_factor", "Factor must be one of password, code-card, sms, app."));
        String reason = reason(body);

        EventBuilder event = SeparateEvents.builder(session, realm, session.getContext().getConnection()).user(user)
                .client(auth.adminAuth().getClient());
        if (action.equals("lock")) {
            Answers.lockByBank(session, realm, user, factor, BY_DESK, reason, event);
        } else {
            Answers.unlock(session, realm, user, factor, BY_DESK, event); // the password's also clears Keycloak's failure record
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.USER)
                .resourcePath("users", user.getId(), "nordic-sca-lockout", factor.id(), action)
                .representation(Map.of("factor", factor.id(), "action", action, "reason", reason))
                .detail(LockoutEvents.FACTOR, factor.id())
                .success();
        return view(user);
    }

    /** The body's reason, trimmed, or a 400 answer saying what is wrong with it. */
    static String reason(String body) {
        ReasonRequest request;
        try {
            request = body == null || body.isBlank() ? null : JsonSerialization.readValue(body, ReasonRequest.class);
        } catch (IOException e) {
            throw JsonErrors.failure(Response.Status.BAD_REQUEST, "invalid_request", "The body must be a JSON object {\"reason\":\"...\"}.");
        }
        String reason = FactorLocks.validReason(request == null ? null : request.reason());
        if (reason == null) {
            throw JsonErrors.failure(Response.Status.BAD_REQUEST, "invalid_reason",
                    "A reason is required: 3 to 500 characters of plain text on one line.");
        }
        return reason;
    }

    private Map<String, Object> view(UserModel user) {
        long now = Time.currentTime();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", user.getId());
        view.put("username", user.getUsername());
        view.put("enabled", user.isEnabled());
        List<Map<String, Object>> factors = new ArrayList<>();
        FactorLocks.readAll(user, now).values().forEach(lock -> factors.add(factor(lock)));
        view.put("factors", factors);
        view.put("keycloak", keycloakRecord(user));
        boolean manager = auth.users().canManage(user);
        view.put("cards", cardProvider().cards(user).map(card -> {
            Map<String, Object> summary = CodeCardAdminResource.summary(card);
            if (!manager) { // the serial is half of an activation: managers only, as on the code card desk
                summary.remove("serial");
                summary.put("serialEnding", card.serialEnding());
            }
            return summary;
        }).toList());
        String phone = user.getFirstAttribute(PhoneNumbers.ATTRIBUTE);
        view.put("phone", phone == null || phone.isBlank() ? null : PhoneNumbers.mask(phone));
        view.put("apps", appProvider().devices(user).map(device -> {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("id", device.getId());
            app.put("label", device.data().name());
            app.put("platform", device.data().platform());
            app.put("status", device.data().status().name());
            return app;
        }).toList());
        return view;
    }

    private static Map<String, Object> factor(FactorLock lock) {
        Map<String, Object> factor = new LinkedHashMap<>();
        factor.put("factor", lock.factor().id());
        factor.put("state", lock.state().name());
        factor.put("until", lock.state() == FactorLock.State.TEMPORARY ? lock.until() : null);
        factor.put("failures", lock.failures());
        factor.put("since", lock.since() > 0 ? lock.since() : null);
        factor.put("by", lock.by());
        factor.put("reason", lock.reason());
        return factor;
    }

    /** Keycloak's account-wide record, as its attack-detection endpoint reads it. */
    private Map<String, Object> keycloakRecord(UserModel user) {
        UserLoginFailureModel failures = realm.isBruteForceProtected() ? session.loginFailures().getUserLoginFailure(realm, user.getId()) : null;
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        boolean locked = realm.isBruteForceProtected()
                && (protector.isTemporarilyDisabled(session, realm, user) || protector.isPermanentlyLockedOut(session, realm, user));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("numFailures", failures == null ? 0 : failures.getNumFailures());
        record.put("disabled", locked);
        record.put("lockedUntil", failures == null || failures.getFailedLoginNotBefore() <= Time.currentTime() ? 0 : failures.getFailedLoginNotBefore());
        record.put("lastFailure", failures == null ? 0 : failures.getLastFailure());
        return record;
    }

    private CodeCardCredentialProvider cardProvider() {
        return (CodeCardCredentialProvider) session.getProvider(CredentialProvider.class, CodeCardCredentialProviderFactory.PROVIDER_ID);
    }

    private AppDeviceCredentialProvider appProvider() {
        return (AppDeviceCredentialProvider) session.getProvider(CredentialProvider.class, AppDeviceCredentialProviderFactory.PROVIDER_ID);
    }
}
