package io.nordicsca.keycloak.secondfactor;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * "At most N in any window of W seconds", counted cluster-wide in Keycloak's single-use store, so
 * any node sees every event. A count of N is N keys: an event takes the first free one with
 * {@code putIfAbsent}, which is atomic across the cluster, and the key lapses one window after
 * that event, so the window slides. Used for SMS sends and app pushes.
 *
 * <p>Up to {@value #SCAN_LIMIT} slots are tried in order, so the count is exact. A larger count
 * (a realm's SMS budget) tries {@value #PROBES} slots at random instead, so a send costs a few
 * store operations however large the budget: it can never go above the limit, but starts
 * refusing a little before it is full (with 90% of the slots taken, about 3% of sends).
 */
public final class SlidingWindow {

    private static final String AT = "at";
    static final int SCAN_LIMIT = 64;
    static final int PROBES = 32;

    private SlidingWindow() {
    }

    /** Takes a slot under {@code base}; the slot's key, or null when all {@code limit} are taken. */
    public static String take(SingleUseObjectProvider store, String base, int limit, long windowSeconds, long now) {
        for (int i = 0; i < tries(limit); i++) {
            String slot = base + "." + index(limit, i);
            if (store.putIfAbsent(slot, windowSeconds)) {
                // When the slot was taken, so a refusal can say when the window frees one.
                store.put(slot + "." + AT, windowSeconds, Map.of(AT, String.valueOf(now)));
                return slot;
            }
        }
        return null;
    }

    /** Gives a slot back (the event it was taken for did not happen). */
    public static void release(SingleUseObjectProvider store, String slot) {
        store.remove(slot);
        store.remove(slot + "." + AT);
    }

    /** Seconds until the oldest slot under {@code base} lapses (at least 1); for a large count, of a random sample. */
    public static long retryAfter(SingleUseObjectProvider store, String base, int limit, long windowSeconds, long now) {
        long earliest = now + windowSeconds;
        for (int i = 0; i < tries(limit); i++) {
            Map<String, String> at = store.get(base + "." + index(limit, i) + "." + AT);
            if (at != null && at.get(AT) != null) {
                earliest = Math.min(earliest, Long.parseLong(at.get(AT)) + windowSeconds);
            }
        }
        return Math.max(1, earliest - now);
    }

    private static int tries(int limit) {
        return limit <= SCAN_LIMIT ? limit : PROBES;
    }

    /** The i-th slot to try: in order for a small count, at random for a large one. */
    private static int index(int limit, int i) {
        return limit <= SCAN_LIMIT ? i : ThreadLocalRandom.current().nextInt(limit);
    }
}
