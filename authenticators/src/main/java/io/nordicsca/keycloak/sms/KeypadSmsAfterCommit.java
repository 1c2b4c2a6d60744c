package io.nordicsca.keycloak.sms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.nordicsca.keycloak.SeparateEvents;
import io.nordicsca.keycloak.sms.sender.SmsSender;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sends a keypad code's SMS once the request's transaction has committed, on a thread of Keycloak's
 * executors ({@link ExecutorsProvider}), never on the request's. Why both:
 *
 * <ul>
 * <li>After commit: Keycloak's single-use store writes the request at commit, so an SMS sent earlier
 *     could be typed before any node can check it; a request that rolls back sends nothing.</li>
 * <li>Not on the request's thread: Keycloak commits before it writes the response (its response filter
 *     closes the session), so an SMS sent there, even after commit, would still hold the 202 back for as
 *     long as the SMS provider takes, and a slow 202 would tell the caller that the name is a customer's
 *     who may get codes, which the answer is made never to tell.</li>
 * </ul>
 * A send that fails becomes its event, in a session and transaction of its own; the request stays
 * and answers checks as any other (a code nobody received).
 */
final class KeypadSmsAfterCommit extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(KeypadSmsAfterCommit.class);
    /** Keycloak's executor of that name (spi-executors-default-... settings tune its threads). */
    static final String EXECUTOR = "nordic-sca-keypad-sms";

    private final KeycloakSessionFactory factory;
    private final ExecutorService executor;
    private final String realmId;
    private final String senderId;
    private final String to;
    private final String text;
    /** The failure's event as the request built it: the request's own ends with the request. */
    private final String clientId;
    private final String userId;
    private final String ipAddress;
    private final Map<String, String> details;

    private KeypadSmsAfterCommit(KeycloakSession session, String senderId, String to, String text, Event event) {
        this.factory = session.getKeycloakSessionFactory();
        this.executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        this.realmId = session.getContext().getRealm().getId();
        this.senderId = senderId;
        this.to = to;
        this.text = text;
        this.clientId = event.getClientId();
        this.userId = event.getUserId();
        this.ipAddress = event.getIpAddress();
        this.details = event.getDetails() == null ? Map.of() : new HashMap<>(event.getDetails());
    }

    /**
     * Sends {@code text} to {@code to} (E.164) with the sender {@code senderId} after this session's
     * transaction commits; {@code failure} is the event a failed send records (its error added then).
     */
    static void enlist(KeycloakSession session, String senderId, String to, String text, EventBuilder failure) {
        // The store enlists its own after-completion transaction when first used; ours must come after it.
        session.singleUseObjects();
        session.getTransactionManager().enlistAfterCompletion(new KeypadSmsAfterCommit(session, senderId, to, text, failure.getEvent()));
    }

    @Override
    protected void commitImpl() {
        try {
            executor.execute(this::send);
        } catch (RuntimeException e) { // the server is shutting down
            LOG.warnf("Keypad SMS not sent: %s", e.getClass().getName());
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> failed(session, SmsEvents.SENDER_NOT_AVAILABLE));
            } catch (RuntimeException unrecorded) {
                LOG.warnf("Keypad SMS failure not recorded: %s", unrecorded.getClass().getName());
            }
        }
    }

    @Override
    protected void rollbackImpl() {
        // Nothing was stored: nothing to send.
    }

    private void send() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    return; // deleted meanwhile
                }
                session.getContext().setRealm(realm); // senders read the realm's vault
                SmsSender sender = session.getProvider(SmsSender.class, senderId);
                if (sender == null) {
                    failed(session, SmsEvents.SENDER_NOT_AVAILABLE);
                    return;
                }
                SmsOutcome outcome = sender.send(to, text);
                if (outcome != SmsOutcome.SENT) {
                    failed(session, outcome.eventError());
                }
            });
        } catch (RuntimeException e) {
            // A sender never throws (SmsSender), nor should an event: the SMS may be lost, never the thread.
            LOG.warnf("Keypad SMS send failed: %s", e.getClass().getName());
        }
    }

    /** The request's own transaction is over: the event goes in the given one, of its own. */
    private void failed(KeycloakSession session, String error) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        EventBuilder event = SeparateEvents.builder(session, realm, new ClientConnection() {
            @Override
            public String getRemoteAddr() {
                return ipAddress;
            }

            @Override
            public String getRemoteHost() {
                return ipAddress;
            }
        }).event(EventType.LOGIN_ERROR).client(clientId).user(userId);
        details.forEach(event::detail);
        event.detail(SmsEvents.ACTION, SmsEvents.SENT).error(error);
    }
}
