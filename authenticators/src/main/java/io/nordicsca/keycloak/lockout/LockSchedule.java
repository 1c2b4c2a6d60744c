package io.nordicsca.keycloak.lockout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a factor's lock escalates with consecutive wrong answers, e.g. {@code 5:15m,8:1h,10:self-service}:
 * the 5th wrong answer locks for 15 minutes, the 8th for an hour, the 10th until the customer
 * unlocks it. Between steps nothing locks. Past a last step that is temporary, every further wrong
 * answer locks again for that step's time, so guessing never speeds up again.
 *
 * <p>PSD2 RTS art. 4(3)(b) (Commission Delegated Regulation (EU) 2018/389) allows at most five
 * failed attempts before a block, so the first step may not be later than 5.
 */
public record LockSchedule(List<Step> steps) {

    /** PSD2 RTS art. 4(3)(b): no more than five consecutive failed attempts before a block. */
    public static final int MAX_FIRST_STEP = 5;
    private static final Duration LONGEST_TEMPORARY = Duration.ofDays(7);
    private static final Pattern STEP = Pattern.compile("(\\d{1,3}):(?:(\\d{1,5})([smhd])|(self-service|bank))");

    /** One step: at {@code failures} wrong answers, lock for {@code duration}, or until {@code state} is lifted. */
    public record Step(int failures, FactorLock.State state, Duration duration) {
    }

    /** Why a schedule typed into the admin console cannot be used. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    public LockSchedule {
        steps = List.copyOf(steps);
    }

    /**
     * Reads a schedule; throws {@link Invalid} with a message for the admin when it is malformed,
     * not increasing, has nothing after a permanent step, or first locks later than {@link #MAX_FIRST_STEP}.
     */
    public static LockSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("The schedule is empty; write e.g. 5:15m,8:1h,10:bank.");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = STEP.matcher(part.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new Invalid("'" + part.trim() + "' is not a step; write failures:time (15m, 1h, 2d) or failures:self-service or failures:bank.");
            }
            int failures = Integer.parseInt(m.group(1));
            Step step;
            if (m.group(4) != null) {
                step = new Step(failures, m.group(4).equals("bank") ? FactorLock.State.BANK : FactorLock.State.SELF_SERVICE, null);
            } else {
                long amount = Long.parseLong(m.group(2));
                Duration duration = switch (m.group(3)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                if (duration.isZero() || duration.compareTo(LONGEST_TEMPORARY) > 0) {
                    throw new Invalid("'" + part.trim() + "': a temporary lock lasts from 1 second to 7 days.");
                }
                step = new Step(failures, FactorLock.State.TEMPORARY, duration);
            }
            if (!steps.isEmpty()) {
                Step last = steps.get(steps.size() - 1);
                if (last.state() != FactorLock.State.TEMPORARY) {
                    throw new Invalid("Nothing can follow a lock that only the customer or the bank lifts ('" + part.trim() + "').");
                }
                if (failures <= last.failures()) {
                    throw new Invalid("Steps must lock at more failures each time ('" + part.trim() + "').");
                }
            }
            steps.add(step);
        }
        if (steps.get(0).failures() < 1 || steps.get(0).failures() > MAX_FIRST_STEP) {
            throw new Invalid("The first lock must come after 1 to " + MAX_FIRST_STEP + " wrong answers (PSD2 RTS art. 4(3)(b)).");
        }
        return new LockSchedule(steps);
    }

    /** The lock the {@code failures}-th consecutive wrong answer sets, or null when it sets none. */
    public Step stepAt(int failures) {
        for (Step step : steps) {
            if (step.failures() == failures) {
                return step;
            }
        }
        // Past the last step every wrong answer locks again: after a temporary lock once more for its time, and
        // past a permanent one (a count the bank's lowered schedule left behind) for good, never unlimited.
        Step last = steps.get(steps.size() - 1);
        return failures > last.failures() ? last : null;
    }

    /** How many wrong answers may be looked at, after {@code failures}, before the next lock lands. */
    public int answersBeforeNextLock(int failures) {
        for (Step step : steps) {
            if (step.failures() > failures) {
                return step.failures() - failures;
            }
        }
        return 1; // past the last step: one answer per lock
    }

    /** True when the next wrong answer after {@code failures} sets a lock that does not lift by itself. */
    public boolean nextLocksForGood(int failures) {
        Step next = stepAt(failures + 1);
        return next != null && next.state() != FactorLock.State.TEMPORARY;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Step step : steps) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(step.failures()).append(':');
            text.append(switch (step.state()) {
                case BANK -> "bank";
                case SELF_SERVICE -> "self-service";
                default -> step.duration().toSeconds() % 3600 == 0 ? step.duration().toHours() + "h"
                        : step.duration().toSeconds() % 60 == 0 ? step.duration().toMinutes() + "m" : step.duration().toSeconds() + "s";
            });
        }
        return text.toString();
    }
}
