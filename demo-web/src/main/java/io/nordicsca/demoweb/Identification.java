package io.nordicsca.demoweb;

import java.time.Duration;
import java.time.Instant;

/**
 * One caller the agent identifies through CIBA, as this browser's session remembers it: the event
 * ID to read out, Keycloak's {@code auth_req_id}, when to poll next, and how it ended. Kept in the
 * agent's session only (bounded there, gone with it): a demo, not a call-centre system.
 */
final class Identification {

    enum State {
        /** Keycloak accepted the request; the customer has not answered yet. */
        WAITING,
        /** Tokens came and every check passed. */
        IDENTIFIED,
        /** Keycloak refused at initiation: the customer cannot be asked in the app (the reason stays with the bank). */
        REFUSED,
        /** The customer declined in the app (or Keycloak denied the request). */
        DECLINED,
        /** Nobody answered before the request expired. */
        EXPIRED,
        /** Any other error, shown as Keycloak sent it, or a token this app refused. */
        FAILED
    }

    private final String id = AuthorizationRequest.random(16);
    private final String eventId;
    private final String authReqId;
    private final Instant expiresAt;
    private State state;
    private Duration interval;
    private Instant nextPollAt;
    private Result result;
    private String explanationKey;
    private String error;
    private String description;

    private Identification(String eventId, String authReqId, Instant expiresAt, Duration interval, Instant nextPollAt, State state) {
        this.eventId = eventId;
        this.authReqId = authReqId;
        this.expiresAt = expiresAt;
        this.interval = interval;
        this.nextPollAt = nextPollAt;
        this.state = state;
    }

    /** Keycloak accepted the request: the first poll after one interval (CIBA Core 1.0 §7.3). */
    static Identification waiting(String eventId, String authReqId, Instant now, Duration expiresIn, Duration interval) {
        return new Identification(eventId, authReqId, now.plus(expiresIn), interval, now.plus(interval), State.WAITING);
    }

    /** Ended before Keycloak accepted it: refused, or failed with this explanation (and Keycloak's error, if any). */
    static Identification ended(State state, String explanationKey, String error, String description) {
        Identification ended = new Identification(null, null, null, null, null, state);
        ended.explanationKey = explanationKey;
        ended.error = error;
        ended.description = description;
        return ended;
    }

    String id() {
        return id;
    }

    /** The event ID sent as {@code binding_message}; null when the request never reached the app. */
    String eventId() {
        return eventId;
    }

    String authReqId() {
        return authReqId;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    synchronized State state() {
        return state;
    }

    synchronized Duration interval() {
        return interval;
    }

    /**
     * True when the token endpoint may be asked now, and then the next poll is one interval away
     * (never sooner: CIBA Core 1.0 §7.3); false while it is not due, or for a page refreshed twice at once.
     */
    synchronized boolean claimPoll(Instant now) {
        if (state != State.WAITING || now.isBefore(nextPollAt)) {
            return false;
        }
        nextPollAt = now.plus(interval);
        return true;
    }

    /** {@code slow_down}: every later poll waits five seconds longer. */
    synchronized void slowDown(Instant now) {
        interval = interval.plusSeconds(5);
        nextPollAt = now.plus(interval);
    }

    synchronized void identified(Result identified) {
        state = State.IDENTIFIED;
        result = identified;
    }

    synchronized void end(State ended, String explanationKey, String error, String description) {
        state = ended;
        this.explanationKey = explanationKey;
        this.error = error;
        this.description = description;
    }

    synchronized Result result() {
        return result;
    }

    /** The message key that says how it ended; null while waiting or once identified. */
    synchronized String explanationKey() {
        return explanationKey;
    }

    /** Keycloak's {@code error}, or null. */
    synchronized String error() {
        return error;
    }

    /** Keycloak's {@code error_description}, or null. */
    synchronized String description() {
        return description;
    }
}
