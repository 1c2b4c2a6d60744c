package io.nordicsca.keycloak.lockout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserLoginFailureProvider;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * How a "locked" answer of Keycloak's protector is read: a lock in Keycloak's record, or only
 * another attempt of the same customer in flight (which the blocking protector also reports).
 */
class SecondFactorLockoutTest {

    private boolean permanentLockout;
    private int maxTemporaryLockouts;
    private boolean enabled = true;
    private int notBefore;
    private int temporaryLockouts;
    /** What Keycloak's protector answers; here always "temporarily disabled", as while an attempt is in flight. */
    private final boolean protectorSaysLocked = true;

    @Test
    void anAttemptInFlightWithoutALockInTheRecordIsBusy() {
        assertEquals(SecondFactorLockout.LockState.BUSY, lock().state());
    }

    @Test
    void aTemporaryLockInTheRecordIsLocked() {
        notBefore = (int) (Time.currentTimeMillis() / 1000) + 60;
        assertEquals(SecondFactorLockout.LockState.LOCKED, lock().state());
    }

    @Test
    void aDisabledCustomerIsLocked() {
        enabled = false;
        assertEquals(SecondFactorLockout.LockState.LOCKED, lock().state());
    }

    @Test
    void moreTemporaryLockoutsThanThePermanentLockoutAllowsIsLockedWhileTheUserIsStillEnabled() {
        permanentLockout = true;
        maxTemporaryLockouts = 2;
        temporaryLockouts = 3;
        assertEquals(SecondFactorLockout.LockState.LOCKED, lock().state());
    }

    @Test
    void temporaryLockoutsWithinTheLimitOrWithoutPermanentLockoutAreNoLock() {
        permanentLockout = true;
        maxTemporaryLockouts = 3;
        temporaryLockouts = 3;
        assertEquals(SecondFactorLockout.LockState.BUSY, lock().state());
        permanentLockout = false;
        temporaryLockouts = 9;
        assertEquals(SecondFactorLockout.LockState.BUSY, lock().state());
    }

    private SecondFactorLockout.Lock lock() {
        RealmModel realm = proxy(RealmModel.class, (name, args) -> switch (name) {
            case "isBruteForceProtected" -> true;
            case "isPermanentLockout" -> permanentLockout;
            case "getMaxTemporaryLockouts" -> maxTemporaryLockouts;
            default -> throw new UnsupportedOperationException(name);
        });
        UserModel user = proxy(UserModel.class, (name, args) -> switch (name) {
            case "isEnabled" -> enabled;
            case "getId" -> "user-1";
            default -> throw new UnsupportedOperationException(name);
        });
        UserLoginFailureModel failures = proxy(UserLoginFailureModel.class, (name, args) -> switch (name) {
            case "getFailedLoginNotBefore" -> notBefore;
            case "getNumTemporaryLockouts" -> temporaryLockouts;
            default -> throw new UnsupportedOperationException(name);
        });
        UserLoginFailureProvider loginFailures = proxy(UserLoginFailureProvider.class, (name, args) -> switch (name) {
            case "getUserLoginFailure" -> failures;
            default -> throw new UnsupportedOperationException(name);
        });
        BruteForceProtector protector = proxy(BruteForceProtector.class, (name, args) -> switch (name) {
            case "isPermanentlyLockedOut" -> false;
            case "isTemporarilyDisabled" -> protectorSaysLocked;
            default -> throw new UnsupportedOperationException(name);
        });
        KeycloakSession session = proxy(KeycloakSession.class, (name, args) -> switch (name) {
            case "getProvider" -> protector;
            case "loginFailures" -> loginFailures;
            default -> throw new UnsupportedOperationException(name);
        });
        return SecondFactorLockout.lock(session, realm, user);
    }

    private interface Answer {
        Object of(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type},
                (p, method, args) -> answer.of(method.getName(), args));
    }
}
