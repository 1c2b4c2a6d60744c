package io.nordicsca.keycloak.lockout;

/**
 * Where one factor of one customer stands.
 *
 * @param failures consecutive wrong answers since the last right one (or unlock)
 * @param until    for TEMPORARY: when the lock lifts (epoch seconds); 0 otherwise
 * @param since    when the current lock was set (epoch seconds); 0 when open
 * @param by       who set it: {@code schedule} (wrong answers), {@code desk}, {@code not-me}
 * @param reason   the desk's reason, or null
 */
public record FactorLock(Factor factor, State state, long until, int failures, long since, String by, String reason) {

    public enum State {
        OPEN,
        /** Lifts by itself at {@code until}. */
        TEMPORARY,
        /** Stays until the customer proves SMS code and code card (password only, by default). */
        SELF_SERVICE,
        /** Stays until the bank opens it. */
        BANK
    }

    static FactorLock open(Factor factor, int failures) {
        return new FactorLock(factor, State.OPEN, 0, failures, 0, null, null);
    }

    /** True when no answer for this factor may be looked at, at {@code now} (epoch seconds). */
    public boolean lockedAt(long now) {
        return switch (state) {
            case OPEN -> false;
            case TEMPORARY -> now < until;
            case SELF_SERVICE, BANK -> true;
        };
    }

    /** Locks that do not lift by themselves. */
    public boolean permanent() {
        return state == State.SELF_SERVICE || state == State.BANK;
    }
}
