package io.nordicsca.keycloak.lockout;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import io.nordicsca.keycloak.PlainText;
import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

/**
 * The durable store of each factor's lock and count of wrong answers, in two user attributes per
 * factor. User attributes live in Keycloak's database (they survive restarts and Keycloak's
 * failure-reset window) and every node reads the same values: Keycloak's user cache is
 * invalidated cluster-wide when they change. Keycloak 26's user profile leaves attributes it does
 * not manage alone, so a profile update by the customer or an admin neither shows nor clears them.
 *
 * <ul>
 * <li>{@code nordic-sca.lock.<factor>}: the lock, {@code STATE;until;since;by;reason}, written only when a lock
 *     is set or lifted. A lock is set by exactly one answer (the one holding the guess slot of the
 *     step's count, see {@link GuessBudget}), so concurrent answers never overwrite it.</li>
 * <li>{@code nordic-sca.lock.<factor>.failures}: {@code generation:count}. The generation changes whenever the
 *     count starts again (a right answer, an unlock), which also retires every guess slot of the old run.</li>
 * </ul>
 */
public final class FactorLocks {

    /** Every lock attribute's name starts with this (the posture report names it when customers could edit them). */
    public static final String PREFIX = "nordic-sca.lock.";
    private static final String FAILURES = ".failures";
    private static final int REASON_MAX = 500;

    private FactorLocks() {
    }

    /** The factor's lock at {@code now} (epoch seconds): a temporary lock whose time has passed reads as open, its count kept. */
    public static FactorLock read(UserModel user, Factor factor, long now) {
        Failures failures = failures(user, factor);
        String stored = user.getFirstAttribute(lockKey(factor));
        if (stored == null || stored.isBlank()) {
            return FactorLock.open(factor, failures.count());
        }
        String[] parts = stored.split(";", 5);
        FactorLock.State state;
        try {
            state = FactorLock.State.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
            state = FactorLock.State.BANK; // unreadable: fail closed, the desk sees it and can open it
        }
        long until = parts.length > 1 ? parseLong(parts[1]) : 0;
        if (state == FactorLock.State.OPEN || (state == FactorLock.State.TEMPORARY && now >= until)) {
            return FactorLock.open(factor, failures.count());
        }
        return new FactorLock(factor, state, until, failures.count(),
                parts.length > 2 ? parseLong(parts[2]) : 0,
                parts.length > 3 && !parts[3].isEmpty() ? parts[3] : null,
                parts.length > 4 && !parts[4].isEmpty() ? parts[4] : null);
    }

    /** True when the factor is locked now (the factor steps' configuredFor, and the lock check step). */
    public static boolean lockedNow(UserModel user, Factor factor) {
        return read(user, factor, Time.currentTime()).lockedAt(Time.currentTime());
    }

    public static Map<Factor, FactorLock> readAll(UserModel user, long now) {
        Map<Factor, FactorLock> all = new EnumMap<>(Factor.class);
        for (Factor factor : Factor.values()) {
            all.put(factor, read(user, factor, now));
        }
        return all;
    }

    /** Consecutive wrong answers and the run they belong to. */
    record Failures(String generation, int count) {
    }

    static Failures failures(UserModel user, Factor factor) {
        String stored = user.getFirstAttribute(failuresKey(factor));
        if (stored == null || stored.indexOf(':') < 0) {
            return new Failures("0", 0);
        }
        int colon = stored.lastIndexOf(':');
        return new Failures(stored.substring(0, colon), (int) Math.max(0, Math.min(Integer.MAX_VALUE, parseLong(stored.substring(colon + 1)))));
    }

    /**
     * Records the {@code count}-th consecutive wrong answer of run {@code generation}. Concurrent
     * wrong answers each know their own count (from their guess slot), so the highest is kept.
     */
    static void recordFailure(UserModel user, Factor factor, String generation, int count) {
        Failures stored = failures(user, factor);
        int kept = stored.generation().equals(generation) ? Math.max(stored.count(), count) : count;
        user.setSingleAttribute(failuresKey(factor), generation + ":" + kept);
    }

    /** Starts a new run: the count is zero and the old run's guess slots are retired. Writes nothing when there is nothing to clear. */
    static void resetFailures(UserModel user, Factor factor) {
        if (failures(user, factor).count() > 0) {
            user.setSingleAttribute(failuresKey(factor), newGeneration() + ":0");
        }
    }

    static void setLock(UserModel user, Factor factor, FactorLock.State state, long until, long now, String by, String reason) {
        user.setSingleAttribute(lockKey(factor), state.name() + ";" + until + ";" + now + ";" + (by == null ? "" : by) + ";"
                + (reason == null ? "" : reason));
    }

    /** Lifts the lock and starts a new run of answers. */
    static void clear(UserModel user, Factor factor) {
        user.removeAttribute(lockKey(factor));
        user.setSingleAttribute(failuresKey(factor), newGeneration() + ":0");
    }

    /**
     * A desk reason as stored: trimmed; null when it is not 3 to 500 characters (not UTF-16 units)
     * of plain text on one line ({@link PlainText}): it goes into the lock attribute and admin events.
     */
    public static String validReason(String reason) {
        if (reason == null) {
            return null;
        }
        String trimmed = reason.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        return length >= 3 && length <= REASON_MAX && PlainText.isOneLine(trimmed) ? trimmed : null;
    }

    static String lockKey(Factor factor) {
        return PREFIX + factor.id();
    }

    static String failuresKey(Factor factor) {
        return PREFIX + factor.id() + FAILURES;
    }

    private static String newGeneration() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
