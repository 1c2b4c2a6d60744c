package io.nordicsca.keycloak.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry of parked status polls on one node, on a clock the test moves. */
class WaitingBrowsersTest {

    private static final long START = 1_800_000_000_000L;
    /** Expires two minutes after START, in epoch seconds as challenges carry it. */
    private static final long EXPIRES = START / 1000 + 120;

    private final AtomicLong clock = new AtomicLong(START);
    private final WaitingBrowsers waiting = new WaitingBrowsers(new WaitingBrowsers.Settings(5, 2_000), clock::get);
    /** The shared store as the safety net sees it: the answered challenge ids, and each re-read it was asked. */
    private final Set<String> answeredInStore = new HashSet<>();
    private final List<Collection<String>> reads = new ArrayList<>();
    private final Function<Collection<String>, Set<String>> store = ids -> {
        reads.add(List.copyOf(ids));
        Set<String> found = new HashSet<>(ids);
        found.retainAll(answeredInStore);
        return found;
    };

    @Test
    void aThirdPollOnOneSignInRequestIsRefusedWhileTwoWait() {
        assertNotNull(waiting.park("challenge-a", EXPIRES));
        assertNotNull(waiting.park("challenge-a", EXPIRES));
        assertNull(waiting.park("challenge-a", EXPIRES), "a third page on the same request is answered at once");
        assertNotNull(waiting.park("challenge-b", EXPIRES), "another request still has room");
        assertEquals(3, waiting.size());
    }

    @Test
    void theNodeCapRefusesPollsBeyondItWhateverTheRequest() {
        for (int i = 0; i < 5; i++) {
            assertNotNull(waiting.park("challenge-" + i, EXPIRES));
        }
        assertNull(waiting.park("challenge-new", EXPIRES), "the node holds at most 5 here");
        assertEquals(5, waiting.size());
        assertEquals(0, waiting.parkedOn("challenge-new"));
    }

    @Test
    void anAnnouncedAnswerWakesEveryPollOfThatRequestAtOnceAndNoOther() {
        WaitingBrowsers.Waiter first = waiting.park("challenge-a", EXPIRES);
        WaitingBrowsers.Waiter second = waiting.park("challenge-a", EXPIRES);
        WaitingBrowsers.Waiter other = waiting.park("challenge-b", EXPIRES);

        waiting.answered("challenge-a");

        assertEquals("answered", first.result().getNow(null));
        assertEquals("answered", second.result().getNow(null));
        assertFalse(other.result().isDone());
        assertEquals(1, waiting.size(), "answered polls leave the registry");
        assertTrue(reads.isEmpty(), "no store read was needed");
    }

    @Test
    void aPollWhoseBrowserLeftIsDroppedAndFreesItsPlace() {
        WaitingBrowsers.Waiter gone = waiting.park("challenge-a", EXPIRES);
        waiting.park("challenge-a", EXPIRES);

        gone.left();

        assertEquals(1, waiting.parkedOn("challenge-a"));
        assertEquals(1, waiting.size());
        assertNotNull(waiting.park("challenge-a", EXPIRES), "the place is free again");
        assertTrue(gone.result().isCancelled(), "nothing is sent to a browser that left");
    }

    @Test
    void anAnswerThatWasNeverAnnouncedIsFoundByTheSafetyNetWhenItIsDue() {
        WaitingBrowsers.Waiter waiter = waiting.park("challenge-a", EXPIRES);
        answeredInStore.add("challenge-a"); // answered on a node whose announcement was lost

        clock.addAndGet(1_000);
        waiting.tick(store);
        assertFalse(waiter.result().isDone(), "the safety net is not due before 2 s");
        assertTrue(reads.isEmpty(), "and the store was not read");

        clock.addAndGet(1_000);
        waiting.tick(store);
        assertEquals("answered", waiter.result().getNow(null));
        assertEquals(0, waiting.size());
    }

    @Test
    void theSafetyNetReadsTheStoreOnceForAllWaitingRequestsNotOncePerPoll() {
        for (int i = 0; i < 4; i++) {
            waiting.park("challenge-" + (i / 2), EXPIRES);
        }
        for (int tick = 1; tick <= 20; tick++) {
            clock.addAndGet(500);
            waiting.tick(store);
        }
        assertEquals(5, reads.size(), "10 s of ticks, one re-read every 2 s");
        assertEquals(Set.of("challenge-0", "challenge-1"), Set.copyOf(reads.get(0)), "each request once, whatever its number of polls");
    }

    @Test
    void aPollHearsPendingAfterTheLongestWaitAndExpiredOnceItsRequestExpired() {
        WaitingBrowsers.Waiter longWait = waiting.park("challenge-a", EXPIRES);
        WaitingBrowsers.Waiter nearlyExpired = waiting.park("challenge-b", START / 1000 + 10);

        clock.addAndGet(10_000);
        waiting.tick(store);
        assertEquals("expired", nearlyExpired.result().getNow(null));
        assertFalse(longWait.result().isDone());

        clock.addAndGet(WaitingBrowsers.MAX_WAIT_MS - 10_000);
        waiting.tick(store);
        assertEquals("pending", longWait.result().getNow(null), "the page asks again");
        assertEquals(0, waiting.size());
    }

    @Test
    void serverSettingsHaveDefaultsAndRefuseValuesOutOfRange() {
        WaitingBrowsers.Settings defaults = WaitingBrowsers.Settings.of(key -> null);
        assertEquals(10_000, defaults.maxParked());
        assertEquals(2_000, defaults.recheckMillis());
        assertEquals(new WaitingBrowsers.Settings(50_000, 30_000),
                WaitingBrowsers.Settings.of(Map.of("max-waiting-browsers", "50000", "recheck-seconds", " 30 ")::get));
        assertThrows(IllegalArgumentException.class, () -> WaitingBrowsers.Settings.of(Map.of("recheck-seconds", "0")::get));
        assertThrows(IllegalArgumentException.class, () -> WaitingBrowsers.Settings.of(Map.of("max-waiting-browsers", "-1")::get));
        assertThrows(IllegalArgumentException.class, () -> WaitingBrowsers.Settings.of(Map.of("max-waiting-browsers", "lots")::get));
    }
}
