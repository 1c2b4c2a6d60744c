package io.nordicsca.keycloak.lockout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.config.Setting;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an admin may type as a lock schedule, and what each wrong answer then does. */
class LockScheduleTest {

    @Test
    void theSeedsSchedulesReadAsTheyAreWritten() {
        LockSchedule password = LockSchedule.parse("5:15m,8:1h,10:self-service");
        assertNull(password.stepAt(4));
        assertEquals(new LockSchedule.Step(5, FactorLock.State.TEMPORARY, Duration.ofMinutes(15)), password.stepAt(5));
        assertNull(password.stepAt(6), "between steps nothing locks");
        assertEquals(Duration.ofHours(1), password.stepAt(8).duration());
        assertEquals(FactorLock.State.SELF_SERVICE, password.stepAt(10).state());
        assertEquals("5:15m,8:1h,10:self-service", password.toString());

        LockSchedule card = LockSchedule.parse(" 5:15m , 8:BANK ");
        assertEquals(FactorLock.State.BANK, card.stepAt(8).state());
    }

    @Test
    void theWarningComesBeforeTheAnswerThatLocksForGoodOnly() {
        LockSchedule card = LockSchedule.parse("5:15m,8:bank");
        assertFalse(card.nextLocksForGood(3), "the 5th answer locks for 15 minutes only");
        assertTrue(card.nextLocksForGood(7), "the 8th answer locks until the bank opens it");
        assertFalse(LockSchedule.parse("5:15m,8:1h").nextLocksForGood(20), "a schedule without a permanent step never warns");
    }

    @Test
    void pastALastTemporaryStepEveryWrongAnswerLocksAgain() {
        LockSchedule schedule = LockSchedule.parse("3:1m,5:1h");
        assertEquals(Duration.ofHours(1), schedule.stepAt(6).duration());
        assertEquals(Duration.ofHours(1), schedule.stepAt(9).duration());
        assertEquals(1, schedule.answersBeforeNextLock(7));
    }

    @Test
    void aCountAlreadyPastALastPermanentStepLocksForGoodAtTheNextWrongAnswer() {
        // The bank lowered "10:bank" to "8:bank" while a customer's count stood at 9.
        LockSchedule card = LockSchedule.parse("5:15m,8:bank");
        assertEquals(FactorLock.State.BANK, card.stepAt(10).state());
        assertEquals(1, card.answersBeforeNextLock(9));
        assertTrue(card.nextLocksForGood(9), "the answer that will lock for good is warned about");
    }

    @Test
    void schedulesThatBreakPsd2OrMakeNoSenseAreRefusedWithAReason() {
        for (String bad : List.of("", "6:15m", "0:1m", "5:15m,4:1h", "5:bank,8:1h", "5:0m", "5:8d", "five:1m", "5:15x", "5:15m;8:1h")) {
            LockSchedule.Invalid invalid = assertThrows(LockSchedule.Invalid.class, () -> LockSchedule.parse(bad), bad);
            assertFalse(invalid.getMessage().isBlank());
        }
        assertEquals(List.of(), problems(Map.of("lockoutCodeCard", "3:1m,5:bank")));
        List<String> late = problems(Map.of("lockoutCodeCard", "6:1m", "lockoutSms", "5:15m"));
        assertEquals(1, late.size());
        assertTrue(late.get(0).startsWith("code-card: "), late::toString);
        assertEquals(1, problems(Map.of("lockoutCodeCard", "5:15m,8:self-service")).size(),
                "only the password is unlocked by the customer");
        assertEquals(List.of(), problems(Map.of("lockoutPassword", "5:15m,8:self-service")));
        assertEquals(List.of("lockoutHideFactor: true or false."), problems(Map.of("lockoutHideFactor", "sometimes")));
    }

    private static List<String> problems(Map<String, String> config) {
        return Setting.problems(LockoutSettings.SETTINGS, config).stream().map(Setting.Problem::text).toList();
    }
}
