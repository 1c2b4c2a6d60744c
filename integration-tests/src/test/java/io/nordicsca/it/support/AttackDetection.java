package io.nordicsca.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Keycloak's own account of failed logins: the attack-detection admin API. Keycloak records
 * failures asynchronously, after the response, so a test waits (boundedly) for them to land.
 */
public final class AttackDetection {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private AttackDetection() {
    }

    /** {@code disabled}, {@code numFailures}, {@code lastFailure}, ... for this user. */
    public static Map<String, Object> status(ManagedRealm realm, String userId) {
        return status(realm.admin(), userId);
    }

    /** As {@link #status(ManagedRealm, String)}, in a realm outside the test framework (the cluster's). */
    public static Map<String, Object> status(RealmResource realm, String userId) {
        return realm.attackDetection().bruteForceUserStatus(userId);
    }

    public static int failures(Map<String, Object> status) {
        return ((Number) status.get("numFailures")).intValue();
    }

    public static boolean locked(Map<String, Object> status) {
        return Boolean.TRUE.equals(status.get("disabled"));
    }

    /** Waits until Keycloak has recorded at least this many failures, and returns the status then. */
    public static Map<String, Object> awaitFailures(ManagedRealm realm, String userId, int failures) {
        return awaitFailures(realm.admin(), userId, failures);
    }

    /** As {@link #awaitFailures(ManagedRealm, String, int)}, in a realm outside the test framework (the cluster's). */
    public static Map<String, Object> awaitFailures(RealmResource realm, String userId, int failures) {
        return await(realm, userId, status -> failures(status) >= failures,
                "Keycloak to record " + failures + " failed logins");
    }

    public static Map<String, Object> await(ManagedRealm realm, String userId, Predicate<Map<String, Object>> condition, String what) {
        return await(realm.admin(), userId, condition, what);
    }

    public static Map<String, Object> await(RealmResource realm, String userId, Predicate<Map<String, Object>> condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        Map<String, Object> status = status(realm, userId);
        while (!condition.test(status)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Waited " + PATIENCE.toSeconds() + " s for " + what + "; attack detection says " + status);
            }
            sleep(Duration.ofMillis(100));
            status = status(realm, userId);
        }
        return status;
    }

    public static void unlock(ManagedRealm realm, String userId) {
        realm.admin().attackDetection().clearBruteForceForUser(userId);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
