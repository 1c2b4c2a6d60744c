package io.nordicsca.keycloak.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * The waiting pages' long polls parked on this node, by challenge. A poll is answered when the
 * challenge's answer is announced ({@link #answered}: on this node right after the answer is
 * committed, from other nodes through Keycloak's cluster notifications), when its longest wait or
 * the challenge's expiry passes, or by the safety net: every {@link Settings#recheckMillis} one
 * shared re-read of the store for the challenges that have polls here, in case an announcement
 * was lost. No work is done per poll while it waits, and a poll whose browser went away leaves.
 *
 * <p>Only connections live here, never customer state: the answer itself is in the shared store,
 * so any node serves any poll. At most {@link #PER_CHALLENGE} polls per challenge (two tabs of a
 * sign-in) and {@link Settings#maxParked} per node are parked; more are refused at once.
 */
final class WaitingBrowsers {

    static final String PENDING = "pending";
    static final String ANSWERED = "answered";
    static final String EXPIRED = "expired";
    /** Polls parked per challenge; one page needs one, a reload briefly two. */
    static final int PER_CHALLENGE = 2;
    /** The longest a poll is parked; then it hears "pending" and asks again. */
    static final long MAX_WAIT_MS = 25_000;
    /** How often deadlines are looked at (in memory only). */
    static final long TICK_MS = 500;

    /**
     * Server settings, read once at start ({@code --spi-realm-restapi-extension--nordic-sca-device--...}).
     *
     * @param maxParked     polls parked at once on this node, over all challenges
     * @param recheckMillis how often the safety net re-reads the store
     */
    record Settings(int maxParked, long recheckMillis) {

        static final String MAX_PARKED = "max-waiting-browsers";
        static final int DEFAULT_MAX_PARKED = 10_000;
        static final int MAX_MAX_PARKED = 1_000_000;
        static final String RECHECK_SECONDS = "recheck-seconds";
        static final int DEFAULT_RECHECK_SECONDS = 2;
        static final int MAX_RECHECK_SECONDS = 300;

        /** Refuses values out of range, so a typo stops the server instead of silently weakening it. */
        static Settings of(Function<String, String> option) {
            return new Settings(number(option, MAX_PARKED, DEFAULT_MAX_PARKED, 0, MAX_MAX_PARKED),
                    number(option, RECHECK_SECONDS, DEFAULT_RECHECK_SECONDS, 1, MAX_RECHECK_SECONDS) * 1000L);
        }

        private static int number(Function<String, String> option, String key, int fallback, int min, int max) {
            String raw = option.apply(key);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("nordic-sca-device option " + key + " must be a whole number from " + min + " to " + max + ", not " + raw);
        }
    }

    /** One parked poll. Completing {@link #result} (or cancelling it) unparks it. */
    final class Waiter {
        private final String challengeId;
        private final long giveUpAt;
        private final long expiresAtMs;
        private final CompletableFuture<String> result = new CompletableFuture<>();

        private Waiter(String challengeId, long giveUpAt, long expiresAtMs) {
            this.challengeId = challengeId;
            this.giveUpAt = giveUpAt;
            this.expiresAtMs = expiresAtMs;
        }

        /** "answered", "expired" or (after the longest wait) "pending"; cancelled when the browser left. */
        CompletableFuture<String> result() {
            return result;
        }

        /** The browser closed the connection: stop waiting for it. */
        void left() {
            result.cancel(false);
        }

        void finish(String status) {
            result.complete(status);
        }
    }

    private final Settings settings;
    private final LongSupplier clock;
    /** Challenge id to its parked polls; the lists are never changed, only replaced (readers need no lock). */
    private final Map<String, List<Waiter>> parked = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private long nextRecheck;

    WaitingBrowsers(Settings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.nextRecheck = clock.getAsLong() + settings.recheckMillis();
    }

    /** Parks a poll, or null when this challenge or this node has no room (answer at once). */
    Waiter park(String challengeId, long expiresAtEpochSeconds) {
        if (count.incrementAndGet() > settings.maxParked()) {
            count.decrementAndGet();
            return null;
        }
        long now = clock.getAsLong();
        Waiter waiter = new Waiter(challengeId, now + MAX_WAIT_MS, expiresAtEpochSeconds * 1000);
        boolean[] added = {false};
        parked.compute(challengeId, (id, waiters) -> {
            if (waiters != null && waiters.size() >= PER_CHALLENGE) {
                return waiters;
            }
            List<Waiter> more = new ArrayList<>(waiters == null ? List.of() : waiters);
            more.add(waiter);
            added[0] = true;
            return List.copyOf(more);
        });
        if (!added[0]) {
            count.decrementAndGet();
            return null;
        }
        waiter.result.whenComplete((status, error) -> unpark(waiter));
        return waiter;
    }

    /** The challenge has an answer: its polls on this node hear it now. */
    void answered(String challengeId) {
        finishAll(challengeId, ANSWERED);
    }

    /**
     * The timer's work: polls past their longest wait or their challenge's expiry are answered,
     * and when the safety net is due, one re-read of the store for all challenges waited on here.
     *
     * @param answeredAmong which of these challenge ids the store holds an answer for (one short transaction)
     */
    void tick(Function<Collection<String>, Set<String>> answeredAmong) {
        long now = clock.getAsLong();
        for (List<Waiter> waiters : parked.values()) {
            for (Waiter waiter : waiters) {
                if (now >= waiter.expiresAtMs) {
                    waiter.finish(EXPIRED);
                } else if (now >= waiter.giveUpAt) {
                    waiter.finish(PENDING);
                }
            }
        }
        if (now < nextRecheck) {
            return;
        }
        nextRecheck = now + settings.recheckMillis();
        List<String> ids = List.copyOf(parked.keySet());
        if (!ids.isEmpty()) {
            answeredAmong.apply(ids).forEach(this::answered);
        }
    }

    /** Polls parked on this node now. */
    int size() {
        return count.get();
    }

    int parkedOn(String challengeId) {
        return parked.getOrDefault(challengeId, List.of()).size();
    }

    /** What a poll hears at once: the answer or expiry if there is one, else pending. */
    static String status(SingleUseObjectProvider store, String challengeId, long expiresAtEpochSeconds) {
        if (Challenges.answerOf(store, challengeId) != null) {
            return ANSWERED;
        }
        return System.currentTimeMillis() / 1000 >= expiresAtEpochSeconds ? EXPIRED : PENDING;
    }

    private void finishAll(String challengeId, String status) {
        for (Waiter waiter : parked.getOrDefault(challengeId, List.of())) {
            waiter.finish(status);
        }
    }

    private void unpark(Waiter waiter) {
        parked.computeIfPresent(waiter.challengeId, (id, waiters) -> {
            if (!waiters.contains(waiter)) {
                return waiters;
            }
            count.decrementAndGet();
            List<Waiter> rest = new ArrayList<>(waiters);
            rest.remove(waiter);
            return rest.isEmpty() ? null : List.copyOf(rest);
        });
    }
}
