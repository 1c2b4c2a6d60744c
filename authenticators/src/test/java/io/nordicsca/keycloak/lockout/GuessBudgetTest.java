package io.nordicsca.keycloak.lockout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The slot arithmetic of the guess budget, over an atomic store as Keycloak's single-use store is. */
class GuessBudgetTest {

    private final Map<String, Boolean> store = new ConcurrentHashMap<>();
    private final Predicate<String> putIfAbsent = key -> store.putIfAbsent(key, Boolean.TRUE) == null;

    @Test
    void twentySimultaneousAnswersGetExactlyTheFiveTheRealmAllows() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> slots = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slots.add(pool.submit(() -> {
                go.await();
                return GuessBudget.take(putIfAbsent, "user-1.", 0, 5);
            }));
        }
        go.countDown();
        List<Integer> taken = new ArrayList<>();
        for (Future<Integer> slot : slots) {
            taken.add(slot.get());
        }
        pool.shutdown();

        assertEquals(5, taken.stream().filter(slot -> slot != GuessBudget.NONE).count());
        assertEquals(List.of(0, 1, 2, 3, 4), taken.stream().filter(slot -> slot != GuessBudget.NONE).sorted().toList());
    }

    @Test
    void slotsRunFromTheRecordedFailuresUpToTheNextStepOfTheSchedule() {
        LockSchedule schedule = LockSchedule.parse("5:15m,8:1h,10:self-service");
        // 3 recorded: the 4th and 5th answers may be looked at; the 5th sets the first lock.
        assertEquals(3, GuessBudget.take(putIfAbsent, "user-2.", 3, schedule.answersBeforeNextLock(3)));
        assertEquals(4, GuessBudget.take(putIfAbsent, "user-2.", 3, schedule.answersBeforeNextLock(3)));
        assertEquals(GuessBudget.NONE, GuessBudget.take(putIfAbsent, "user-2.", 3, schedule.answersBeforeNextLock(3)));
        // After the 15-minute lock at 5 lifts: three more before the hour's lock at 8.
        assertEquals(3, schedule.answersBeforeNextLock(5));

        // Past a last step that is temporary, one answer per lock.
        LockSchedule temporaryOnly = LockSchedule.parse("5:15m,8:1h");
        assertEquals(9, GuessBudget.take(putIfAbsent, "user-3.", 9, temporaryOnly.answersBeforeNextLock(9)));
        assertEquals(GuessBudget.NONE, GuessBudget.take(putIfAbsent, "user-3.", 9, temporaryOnly.answersBeforeNextLock(9)));
    }

    @Test
    void eachUserHasAnOwnBudget() {
        for (int i = 0; i < 5; i++) {
            GuessBudget.take(putIfAbsent, "user-4.", 0, 5);
        }
        assertEquals(GuessBudget.NONE, GuessBudget.take(putIfAbsent, "user-4.", 0, 5));
        assertEquals(0, GuessBudget.take(putIfAbsent, "user-5.", 0, 5));
    }

    @Test
    void aSlotThatSetALockHoldsItUntilItLiftsEvenBeforeTheLockIsStored() {
        long now = 1_000_000;
        assertEquals(true, GuessBudget.lockInForce(String.valueOf(now + 900), now), "15 minutes ahead: in force");
        assertEquals(true, GuessBudget.lockInForce("0", now), "until the bank or the customer opens it: in force");
        // Lifted: a stored count that lost this answer to a concurrent write costs the customer nothing.
        assertEquals(false, GuessBudget.lockInForce(String.valueOf(now - 1), now));
        assertEquals(false, GuessBudget.lockInForce(null, now), "a wrong answer that set no lock");
    }
}
