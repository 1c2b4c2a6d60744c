package io.nordicsca.demoweb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions: a random id in a cookie, the state here in memory. Fine for a demo relying
 * party on one node; a real web app with several nodes keeps sessions in a shared store (or in a
 * signed, encrypted cookie). Sessions end after {@link #IDLE} unused; at most {@link #MAX} are kept.
 */
final class Sessions {

    static final String COOKIE = "nordic_demo_session";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final int MAX = 10_000;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** The session named by the cookie value, if it exists and is not idle too long. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null || expired(session, now)) {
            if (session != null) {
                sessions.remove(id, session);
            }
            return Optional.empty();
        }
        session.used(now);
        return Optional.of(session);
    }

    Session create() {
        Instant now = clock.instant();
        if (sessions.size() >= MAX) {
            sessions.values().removeIf(session -> expired(session, now));
            while (sessions.size() >= MAX) {
                sessions.values().stream().min(Comparator.comparing(Session::lastUsed))
                        .ifPresent(oldest -> sessions.remove(oldest.id(), oldest));
            }
        }
        Session session = new Session(AuthorizationRequest.random(32), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The Set-Cookie value: not readable by scripts; Lax, so it comes along on Keycloak's redirect back. */
    static String cookie(Session session) {
        return COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Lax";
    }

    private static boolean expired(Session session, Instant now) {
        return session.lastUsed().plus(IDLE).isBefore(now);
    }
}
