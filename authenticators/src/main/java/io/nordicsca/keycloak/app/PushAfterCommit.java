package io.nordicsca.keycloak.app;

import java.util.List;

import io.nordicsca.keycloak.AfterCommit;
import io.nordicsca.keycloak.app.push.PushSender;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Pushes a request to the customer's phones once the request's transaction has committed
 * ({@link AfterCommit}): Keycloak's single-use store writes the challenge at commit, so a push sent
 * earlier could wake a phone that then finds nothing, on this node or any other; a request that rolls
 * back pushes nothing. A push that fails is its event; the app can still find the request by polling.
 */
final class PushAfterCommit {

    private static final Logger LOG = Logger.getLogger(PushAfterCommit.class);

    private PushAfterCommit() {
    }

    /** Sends {@code challenge} to these devices with the sender {@code senderId} after this session's transaction commits. */
    static void enlist(KeycloakSession session, String senderId, RealmModel realm, String userId, String clientId,
                       ApprovalChallenge challenge, List<AppDeviceCredentialModel> devices) {
        List<PushSender.PushMessage> messages = devices.stream().map(device -> new PushSender.PushMessage(realm.getName(), device.getId(),
                device.data().pushToken(), challenge.id(), challenge.expiresAt())).toList();
        PushSender sender = session.getProvider(PushSender.class, senderId);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String address = AfterCommit.address(session);
        AfterCommit.run(session, () -> {
            boolean delivered = false;
            for (PushSender.PushMessage message : messages) {
                boolean pushed = push(sender, message);
                if (!pushed) {
                    AfterCommit.record(factory, realmId, address, event -> event.event(EventType.LOGIN).client(clientId).user(userId)
                            .detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE).detail(AppEvents.CHALLENGE, message.challengeId())
                            .error(AppEvents.PUSH_FAILED));
                }
                delivered |= pushed;
            }
            if (!messages.isEmpty()) {
                // Whether a phone heard of it decides whether the request counts if it ends unanswered (push fatigue).
                Challenges.pushed(session.singleUseObjects(), messages.get(0).challengeId(), messages.get(0).expiresAt(), delivered,
                        Time.currentTime());
            }
        });
    }

    private static boolean push(PushSender sender, PushSender.PushMessage message) {
        try {
            return sender != null && sender.notify(message);
        } catch (RuntimeException e) {
            LOG.warnf("Push for approval request %s failed: %s", message.challengeId(), e.getClass().getName());
            return false;
        }
    }
}
