package io.nordicsca.demoweb;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One browser's state on the server: its language, its form token, the trips to Keycloak it has
 * started (by {@code state}), what the last sign-in and payment brought back, and the callers its
 * agent identifies on the call-centre page.
 */
final class Session {

    /** How many unfinished trips to Keycloak (and callers' identifications) a browser may have (several tabs); the oldest goes first. */
    private static final int MAX_PENDING = 5;

    private final String id;
    private final String formToken = AuthorizationRequest.random(24);
    private final Map<String, AuthorizationRequest> pending = new LinkedHashMap<>();
    private final Map<String, Identification> identifications = new LinkedHashMap<>();
    private String language;
    private Result signIn;
    private Result payment;
    private Instant lastUsed;

    Session(String id, Instant now) {
        this.id = id;
        this.lastUsed = now;
    }

    String id() {
        return id;
    }

    /** Sent with every form of ours and checked on POST: another site cannot start a sign-in or payment for this browser. */
    String formToken() {
        return formToken;
    }

    synchronized String language() {
        return language;
    }

    synchronized void language(String language) {
        this.language = language;
    }

    synchronized void started(AuthorizationRequest request) {
        if (pending.size() >= MAX_PENDING) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        pending.put(request.state(), request);
    }

    /** The request this state belongs to, used once: a replayed answer finds nothing. */
    synchronized Optional<AuthorizationRequest> finish(String state) {
        return Optional.ofNullable(state == null ? null : pending.remove(state));
    }

    /** Remembers a caller's identification; at most {@link #MAX_PENDING}, the oldest goes first. */
    synchronized void identifying(Identification identification) {
        if (identifications.size() >= MAX_PENDING) {
            Iterator<String> oldest = identifications.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        identifications.put(identification.id(), identification);
    }

    /** An identification this browser started; another browser's id finds nothing. */
    synchronized Optional<Identification> identification(String id) {
        return Optional.ofNullable(id == null ? null : identifications.get(id));
    }

    synchronized void signedIn(Result result) {
        signIn = result;
    }

    synchronized void paid(Result result) {
        payment = result;
    }

    synchronized Result signIn() {
        return signIn;
    }

    synchronized Result payment() {
        return payment;
    }

    /** Forgets the customer (the language stays). */
    synchronized void signedOut() {
        signIn = null;
        payment = null;
        pending.clear();
    }

    synchronized Instant lastUsed() {
        return lastUsed;
    }

    synchronized void used(Instant now) {
        lastUsed = now;
    }
}
