package io.nordicsca.keycloak.app;

import java.util.List;

import io.nordicsca.keycloak.SeparateEvents;
import io.nordicsca.keycloak.app.push.PushSender;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Pushes a request to the customer's phones once the request's transaction has committed. Keycloak's
 * single-use store writes the challenge at commit, so a push sent earlier could wake a phone that
 * then finds nothing, on this node or any other; a request that rolls back pushes nothing.
 */
final class PushAfterCommit extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(PushAfterCommit.class);

    private final KeycloakSession session;
    private final PushSender sender;
    private final List<PushSender.PushMessage> messages;
    private final String realmId;
    private final String userId;
    private final String clientId;
    private final ClientConnection connection;

    private PushAfterCommit(KeycloakSession session, PushSender sender, List<PushSender.PushMessage> messages, String realmId,
                            String userId, String clientId, ClientConnection connection) {
        this.session = session;
        this.sender = sender;
        this.messages = messages;
        this.realmId = realmId;
        this.userId = userId;
        this.clientId = clientId;
        this.connection = connection;
    }

    /** Sends {@code challenge} to these devices with the sender {@code senderId} after this session's transaction commits. */
    static void enlist(KeycloakSession session, String senderId, RealmModel realm, String userId, String clientId,
                       ApprovalChallenge challenge, List<AppDeviceCredentialModel> devices) {
        List<PushSender.PushMessage> messages = devices.stream().map(device -> new PushSender.PushMessage(realm.getName(), device.getId(),
                device.data().pushToken(), challenge.id(), challenge.expiresAt())).toList();
        // The store enlists its own after-completion transaction when first used; ours must come after it.
        session.singleUseObjects();
        session.getTransactionManager().enlistAfterCompletion(new PushAfterCommit(session, session.getProvider(PushSender.class, senderId),
                messages, realm.getId(), userId, clientId, session.getContext().getConnection()));
    }

    @Override
    protected void commitImpl() {
        boolean delivered = false;
        for (PushSender.PushMessage message : messages) {
            boolean pushed;
            try {
                pushed = sender != null && sender.notify(message);
            } catch (RuntimeException e) {
                LOG.warnf("Push for approval request %s failed: %s", message.challengeId(), e.getClass().getName());
                pushed = false;
            }
            if (!pushed) {
                failed(message); // the app can still find the request by polling
            }
            delivered |= pushed;
        }
        if (!messages.isEmpty()) {
            // Whether a phone heard of it decides whether the request counts if it ends unanswered (push fatigue).
            try {
                Challenges.pushed(session.singleUseObjects(), messages.get(0).challengeId(), messages.get(0).expiresAt(), delivered,
                        Time.currentTime());
            } catch (RuntimeException e) {
                LOG.warnf("Recording the push of approval request %s failed: %s", messages.get(0).challengeId(), e.getClass().getName());
            }
        }
    }

    @Override
    protected void rollbackImpl() {
        // Nothing was stored: nothing to push.
    }

    /** The request's own transaction is over: the event goes in a transaction of its own. */
    private void failed(PushSender.PushMessage message) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), events -> {
            RealmModel realm = events.realms().getRealm(realmId);
            events.getContext().setRealm(realm);
            SeparateEvents.builder(events, realm, connection).event(EventType.LOGIN).client(clientId).user(userId)
                    .detail(Details.CREDENTIAL_TYPE, AppDeviceCredentialModel.TYPE).detail(AppEvents.CHALLENGE, message.challengeId())
                    .error(AppEvents.PUSH_FAILED);
        });
    }
}
