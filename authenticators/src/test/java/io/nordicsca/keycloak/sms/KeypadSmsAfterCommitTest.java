package io.nordicsca.keycloak.sms;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.nordicsca.keycloak.secondfactor.SmsCodeSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a keypad SMS is not sent: a queue of waiting sends at its bound, read from a pool built as
 * Keycloak 26.7.0's {@code DefaultExecutorsProviderFactory} builds a named executor (min threads, a
 * queue without bound), and a code too close to its expiry. The integration tests send through the real one.
 */
class KeypadSmsAfterCommitTest {

    private static final long NOW = 1_000_000;

    @Test
    void aCodeIsSentWhileItCanStillBeTypedAndNotOnceItHasExpiredOrNearly() {
        int shortest = SmsCodeSettings.VALID_SECONDS.min();
        assertFalse(KeypadSmsAfterCommit.tooLate(NOW, NOW + shortest), "a send that did not wait, at the shortest validity");
        assertFalse(KeypadSmsAfterCommit.tooLate(NOW, NOW + KeypadSmsAfterCommit.MIN_SECONDS_LEFT));
        assertTrue(KeypadSmsAfterCommit.tooLate(NOW, NOW + KeypadSmsAfterCommit.MIN_SECONDS_LEFT - 1), "too little left to read and type it");
        assertTrue(KeypadSmsAfterCommit.tooLate(NOW, NOW), "expired");
        assertTrue(KeypadSmsAfterCommit.tooLate(NOW, NOW - 60), "long expired");
    }

    @Test
    void theWaitingSendsAreBoundedPerThreadOfKeycloaksExecutor() throws InterruptedException {
        for (int threads : new int[] {1, 4}) {
            // As Keycloak makes it with min != max (the default 4 and 64): the queue has no bound, so only min threads run.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            CountDownLatch provider = new CountDownLatch(1);
            try {
                for (int i = 0; i < threads; i++) {
                    pool.execute(() -> await(provider)); // a hanging SMS provider holds every thread
                }
                int bound = KeypadSmsAfterCommit.WAITING_PER_THREAD * threads;
                for (int waiting = 0; waiting < bound; waiting++) {
                    assertFalse(KeypadSmsAfterCommit.backlogFull(pool), threads + " threads, " + waiting + " waiting");
                    pool.execute(() -> { });
                }
                assertTrue(KeypadSmsAfterCommit.backlogFull(pool), threads + " threads, " + bound + " waiting");
                provider.countDown();
                pool.shutdown();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
                assertFalse(KeypadSmsAfterCommit.backlogFull(pool), "drained");
            } finally {
                provider.countDown();
                pool.shutdownNow();
            }
        }
        ExecutorService fixed = Executors.newFixedThreadPool(2); // Keycloak's pool when min == max
        CountDownLatch provider = new CountDownLatch(1);
        try {
            fixed.execute(() -> await(provider));
            fixed.execute(() -> await(provider));
            for (int i = 0; i < 2 * KeypadSmsAfterCommit.WAITING_PER_THREAD; i++) {
                fixed.execute(() -> { });
            }
            assertTrue(KeypadSmsAfterCommit.backlogFull(fixed));
        } finally {
            provider.countDown();
            fixed.shutdownNow();
        }
        assertFalse(KeypadSmsAfterCommit.backlogFull(ForkJoinPool.commonPool()), "an executor that is no pool is not read");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
