package io.nordicsca.keycloak.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import io.nordicsca.keycloak.AfterCommit;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's CIBA requests and our app challenges, tied together: the index from Keycloak's request
 * ({@code CIBAAuthenticationRequest.getAuthResultId()}) to our challenge, the completion of Keycloak's
 * request once the app's answer is recorded (after our answer is committed, with Keycloak's own
 * {@code DeviceGrantType.approveUserCode} / {@code denyUserCode}), the client notification of the
 * ping mode after that, and the event ID for the client that asked.
 */
public final class CibaRequests {

    private static final Logger LOG = Logger.getLogger(CibaRequests.class);
    private static final String INDEX = "nordic-sca.ciba.request.";
    /** The index outlives the request a little, like the challenge, so a late token call still finds the answer. */
    private static final long GRACE_SECONDS = 300;
    /** Event error: the ping mode's notification did not reach the client. */
    static final String PING_FAILED = "ciba_ping_failed";

    private CibaRequests() {
    }

    /** Writes the index {@code Keycloak request -> challenge}; the store writes it at commit, with the challenge. */
    static void index(SingleUseObjectProvider store, ApprovalChallenge challenge, long now) {
        store.put(INDEX + challenge.ciba().authResultId(), Math.max(1, challenge.expiresAt() - now) + GRACE_SECONDS,
                Map.of("challenge", challenge.id()));
    }

    /** Our challenge for Keycloak's request, or null. */
    static ApprovalChallenge challengeOf(KeycloakSession session, String authResultId) {
        if (authResultId == null) {
            return null;
        }
        Map<String, String> index = session.singleUseObjects().get(INDEX + authResultId);
        ApprovalChallenge challenge = index == null ? null : Challenges.get(session.singleUseObjects(), index.get("challenge"));
        return challenge != null && challenge.decoupled() && authResultId.equals(challenge.ciba().authResultId()) ? challenge : null;
    }

    /**
     * The event ID of the request {@code authReqId} (the {@code auth_req_id} Keycloak gave the client),
     * for the client that asked only; empty for anything else (another client's request, a forged or
     * unknown one, a request past its grace time). The caller's authentication is the endpoint's.
     */
    public static Optional<String> eventId(KeycloakSession session, ClientModel caller, String authReqId) {
        if (caller == null || authReqId == null || authReqId.isBlank()) {
            return Optional.empty();
        }
        CIBAAuthenticationRequest request;
        try {
            request = CIBAAuthenticationRequest.deserialize(session, authReqId);
        } catch (RuntimeException e) {
            return Optional.empty(); // not one of this realm's auth_req_ids
        }
        if (!caller.getClientId().equals(request.getIssuedFor())) {
            return Optional.empty();
        }
        ApprovalChallenge challenge = challengeOf(session, request.getAuthResultId());
        return challenge == null || !caller.getClientId().equals(challenge.ciba().clientId()) ? Optional.empty()
                : Optional.of(challenge.eventId());
    }

    /**
     * An answer was just recorded for {@code challenge}: for a CIBA challenge, Keycloak's request is
     * approved (APPROVED only) or denied after our answer is committed, then a ping-mode client is
     * notified. Nothing for a sign-in's challenge.
     */
    static void answered(KeycloakSession session, ApprovalChallenge challenge, Challenges.Decision decision) {
        if (!challenge.decoupled()) {
            return;
        }
        // The user session id is not read for CIBA (the token grant makes its own session): our challenge's id.
        completeAfterCommit(session, challenge.realmId(), challenge.ciba().authResultId(), challenge.ciba().clientId(),
                challenge.userId(), decision == Challenges.Decision.APPROVED ? challenge.id() : null, true);
    }

    /**
     * Denies Keycloak's request {@code authResultId} after this session's transaction commits (Keycloak
     * writes its own record of a new request only then); {@code notify}: and tells a ping-mode client.
     */
    static void denyAfterCommit(KeycloakSession session, String realmId, String authResultId, String clientId, String userId,
                                boolean notify) {
        completeAfterCommit(session, realmId, authResultId, clientId, userId, null, notify);
    }

    private static void completeAfterCommit(KeycloakSession session, String realmId, String authResultId, String clientId,
                                            String userId, String approvedBy, boolean notify) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String address = AfterCommit.address(session);
        AfterCommit.run(session, () -> complete(factory, realmId, authResultId, clientId, userId, approvedBy, notify, address));
    }

    /**
     * Completes Keycloak's request once our answer is in the store ({@link AfterCommit}). Keycloak's
     * {@code DeviceGrantType.approveUserCode} / {@code denyUserCode} write at once (the store's
     * {@code replace}), while our answer is written at commit: completing Keycloak's first would let a
     * token call find an approved request without our answer. Then the ping mode's client notification
     * (CIBA core 1.0, section 10.2): POST {"auth_req_id": ...} with the client's notification token as
     * bearer, so the client's token call finds the outcome. A failure is an event, never the phone's error.
     *
     * @param approvedBy the approving challenge's id; null: denied
     */
    private static void complete(KeycloakSessionFactory factory, String realmId, String authResultId, String clientId, String userId,
                                 String approvedBy, boolean notify, String address) {
        Notification notification;
        try {
            notification = KeycloakModelUtils.runJobInTransactionWithResult(factory, completing -> {
                RealmModel realm = completing.realms().getRealm(realmId);
                completing.getContext().setRealm(realm);
                boolean completed = approvedBy != null
                        ? DeviceGrantType.approveUserCode(completing, realm, authResultId, approvedBy, Map.of())
                        : DeviceGrantType.denyUserCode(completing, realm, authResultId);
                // Keycloak's request is gone (expired, or tokens were issued): nothing to tell the client.
                return completed && notify ? Notification.of(completing, realm, clientId, authResultId) : null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Completing the CIBA request of client %s failed: %s", clientId, e.getClass().getName());
            return;
        }
        String failure = notification == null ? null : ping(factory, notification);
        if (failure != null) {
            LOG.warnf("CIBA ping to the notification endpoint of client %s failed: %s", clientId, failure);
            AfterCommit.record(factory, realmId, address, event -> event.event(EventType.LOGIN_ERROR).client(clientId).user(userId)
                    .detail(Details.REASON, failure).error(PING_FAILED));
        }
    }

    /** Tells the client; null when it took the notification, else why not. */
    private static String ping(KeycloakSessionFactory factory, Notification notification) {
        try {
            CibaChannelFactory channel = (CibaChannelFactory) factory.getProviderFactory(AuthenticationChannelProvider.class,
                    CibaChannelFactory.PROVIDER_ID);
            HttpClient http = channel.http();
            HttpRequest request = HttpRequest.newBuilder(URI.create(notification.endpoint()))
                    .timeout(channel.timeout())
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + notification.token())
                    .POST(HttpRequest.BodyPublishers.ofString(JsonSerialization.writeValueAsString(Map.of("auth_req_id", notification.authReqId()))))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 204 ? null : "status " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.getClass().getSimpleName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** Where and how to tell a ping-mode client; null when the client is not in ping mode or its request is gone. */
    private record Notification(String endpoint, String authReqId, String token) {

        static Notification of(KeycloakSession session, RealmModel realm, String clientId, String authResultId) {
            ClientModel client = realm.getClientByClientId(clientId);
            CibaConfig policy = realm.getCibaPolicy();
            if (client == null || !CibaConfig.CIBA_PING_MODE.equals(policy.getBackchannelTokenDeliveryMode(client))) {
                return null;
            }
            OAuth2DeviceCodeModel deviceCode = DeviceEndpoint.getDeviceByUserCode(session, realm, authResultId);
            String endpoint = policy.getBackchannelClientNotificationEndpoint(client);
            if (deviceCode == null || deviceCode.getAuthReqId() == null || endpoint == null || endpoint.isBlank()) {
                return null;
            }
            return new Notification(endpoint, deviceCode.getAuthReqId(), deviceCode.getClientNotificationToken());
        }
    }
}
