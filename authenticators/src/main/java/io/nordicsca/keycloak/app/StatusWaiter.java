package io.nordicsca.keycloak.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The browser's long poll: completes when the challenge was answered or expired, or after
 * {@link #MAX_WAIT_MS} with "pending" (the page simply asks again). While waiting, a timer re-reads
 * the shared store every {@link #CHECK_EVERY_MS} in a short Keycloak session of its own; no thread
 * is held per browser and nothing is remembered per node, so the answer may land on any node.
 */
final class StatusWaiter {

    static final long CHECK_EVERY_MS = 100;
    static final long MAX_WAIT_MS = 25_000;

    private final KeycloakSessionFactory sessionFactory;
    private final ScheduledExecutorService timer;

    StatusWaiter(KeycloakSessionFactory sessionFactory, ScheduledExecutorService timer) {
        this.sessionFactory = sessionFactory;
        this.timer = timer;
    }

    /** "answered", "expired" or (after the longest wait) "pending". */
    CompletionStage<String> await(String challengeId, long deadlineEpochSeconds) {
        CompletableFuture<String> result = new CompletableFuture<>();
        long giveUpAt = System.currentTimeMillis() + MAX_WAIT_MS;
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(timer.scheduleWithFixedDelay(() -> {
            try {
                String status = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                        session -> status(session.singleUseObjects(), challengeId, deadlineEpochSeconds));
                if (!"pending".equals(status) || System.currentTimeMillis() >= giveUpAt) {
                    result.complete(status);
                }
            } catch (RuntimeException e) {
                result.complete("pending"); // the page asks again
            }
            if (result.isDone() && task.get() != null) {
                task.get().cancel(false);
            }
        }, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS));
        result.whenComplete((status, error) -> task.get().cancel(false));
        return result;
    }

    static String status(org.keycloak.models.SingleUseObjectProvider store, String challengeId, long deadlineEpochSeconds) {
        if (Challenges.answerOf(store, challengeId) != null) {
            return "answered";
        }
        return System.currentTimeMillis() / 1000 >= deadlineEpochSeconds ? "expired" : "pending";
    }
}
