package io.nordicsca.keycloak.sms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import io.nordicsca.keycloak.AfterCommit;
import io.nordicsca.keycloak.sms.sender.SmsSender;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sends a keypad code's SMS once the request's transaction has committed ({@link AfterCommit}), on a
 * thread of Keycloak's executor {@value #EXECUTOR} ({@link ExecutorsProvider}), never on the request's. Why both:
 *
 * <ul>
 * <li>After commit: Keycloak's single-use store writes the request at commit, so an SMS sent earlier
 *     could be typed before any node can check it; a request that rolls back sends nothing.</li>
 * <li>Not on the request's thread: Keycloak commits before it writes the response (its response filter
 *     closes the session), so an SMS sent there, even after commit, would still hold the 202 back for as
 *     long as the SMS provider takes, and a slow 202 would tell the caller that the name is a customer's
 *     who may get codes, which the answer is made never to tell.</li>
 * </ul>
 * A hanging SMS provider must not pile sends up: Keycloak 26.7.0 makes that executor with
 * {@code min} threads (default 4, server options in docs/operations.md) and a queue without bound, so
 * at most {@value #WAITING_PER_THREAD} sends per thread may wait on a node, and a send that reaches a
 * thread when its code has (almost) expired is not sent. Either is {@link SmsEvents#SEND_BACKLOG}; any
 * other failed send is its own event. The request stays and answers checks as any other (a code nobody
 * received).
 */
final class KeypadSmsAfterCommit {

    private static final Logger LOG = Logger.getLogger(KeypadSmsAfterCommit.class);
    /** Keycloak's executor of that name, this node's only for these sends. */
    static final String EXECUTOR = "nordic-sca-keypad-sms";
    /**
     * Sends that may wait per sending thread. With Twilio's default timeout (10 s) a hanging provider
     * frees a thread every 10 s, so the last of 25 waits about 250 s: within the SMS step's default
     * validity (300 s); any more would only expire waiting.
     */
    static final int WAITING_PER_THREAD = 25;
    /** A code that would arrive with less time left than this cannot be read and typed: not sent. */
    static final int MIN_SECONDS_LEFT = 5;
    /** {@link Details#REASON} of a {@link SmsEvents#SEND_BACKLOG}. */
    static final String QUEUE_FULL = "queue_full";
    static final String CODE_EXPIRED = "code_expired";

    private KeypadSmsAfterCommit() {
    }

    /**
     * Sends {@code text} to {@code to} (E.164) with the sender {@code senderId} after this session's
     * transaction commits, unless the code (valid until {@code expiresAt}, epoch seconds of Keycloak's
     * {@link Time}) has expired by then; {@code failure} is the event a failed send records (its error
     * added then).
     */
    static void enlist(KeycloakSession session, String senderId, String to, String text, long expiresAt, EventBuilder failure) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        String realmId = session.getContext().getRealm().getId();
        // The failure's event as the request built it: the request's own ends with the request.
        Event event = failure.getEvent();
        Failure failed = new Failure(factory, realmId, event.getClientId(), event.getUserId(), event.getIpAddress(),
                event.getDetails() == null ? Map.of() : new HashMap<>(event.getDetails()));
        AfterCommit.run(session, () -> {
            if (backlogFull(executor)) {
                LOG.warnf("Keypad SMS not sent: more than %d sends per thread wait for the SMS provider", WAITING_PER_THREAD);
                failed.record(SmsEvents.SEND_BACKLOG, QUEUE_FULL);
                return;
            }
            try {
                executor.execute(() -> send(factory, realmId, senderId, to, text, expiresAt, failed));
            } catch (RuntimeException e) { // the server is shutting down
                LOG.warnf("Keypad SMS not sent: %s", e.getClass().getName());
                failed.record(SmsEvents.SENDER_NOT_AVAILABLE, null);
            }
        });
    }

    /**
     * Whether as many sends wait as may (per node: it protects this node's memory and the provider, it
     * decides nothing about a customer). Read from Keycloak's executor itself, so nothing of ours is kept;
     * two commits at the same moment may both pass, a bound off by a few is still a bound.
     */
    static boolean backlogFull(ExecutorService executor) {
        return executor instanceof ThreadPoolExecutor pool
                && pool.getQueue().size() >= WAITING_PER_THREAD * Math.max(1, pool.getCorePoolSize());
    }

    /** Whether a code valid until {@code expiresAt} is too late to send at {@code now}. */
    static boolean tooLate(long now, long expiresAt) {
        return now > expiresAt - MIN_SECONDS_LEFT;
    }

    private static void send(KeycloakSessionFactory factory, String realmId, String senderId, String to, String text, long expiresAt,
                             Failure failed) {
        if (tooLate(Time.currentTime(), expiresAt)) {
            LOG.warn("Keypad SMS not sent: its code expired while it waited for the SMS provider");
            failed.record(SmsEvents.SEND_BACKLOG, CODE_EXPIRED);
            return;
        }
        SmsOutcome outcome;
        try {
            outcome = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    return SmsOutcome.SENT; // deleted meanwhile: nobody to send to, nothing to record
                }
                session.getContext().setRealm(realm); // senders read the realm's vault
                SmsSender sender = session.getProvider(SmsSender.class, senderId);
                return sender == null ? null : sender.send(to, text);
            });
        } catch (RuntimeException e) {
            // A sender never throws (SmsSender): the SMS may be lost, never the thread.
            LOG.warnf("Keypad SMS send failed: %s", e.getClass().getName());
            return;
        }
        if (outcome == null) {
            failed.record(SmsEvents.SENDER_NOT_AVAILABLE, null);
        } else if (outcome != SmsOutcome.SENT) {
            failed.record(outcome.eventError(), null);
        }
    }

    /** The failed send's event, as the request built it, recorded later in a transaction of its own. */
    private record Failure(KeycloakSessionFactory factory, String realmId, String clientId, String userId, String ipAddress,
                           Map<String, String> details) {

        void record(String error, String reason) {
            AfterCommit.record(factory, realmId, ipAddress, event -> {
                event.event(EventType.LOGIN_ERROR).client(clientId).user(userId);
                details.forEach(event::detail);
                event.detail(SmsEvents.ACTION, SmsEvents.SENT);
                if (reason != null) {
                    event.detail(Details.REASON, reason);
                }
                event.error(error);
            });
        }
    }
}
