package io.nordicsca.keycloak.lockout;

import java.util.Set;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.UriInfo;

/**
 * How wrong answers of every Nordic SCA step (code card, SMS code) reach Keycloak's brute-force
 * protector, and how one sign-in is stopped at the realm's limit.
 *
 * <p>Keycloak counts only the categories password, otp and recovery-authn-codes
 * (DefaultBruteForceProtector), so a wrong answer is reported as a second-factor ("otp") failure:
 * the realm's lockout and its second-factor limit both see it. Like Keycloak's own reporting,
 * nothing is reported when the realm has brute-force detection off.
 *
 * <p>The protector records failures asynchronously, so each sign-in also keeps its own count of
 * wrong answers across all our steps and is blocked for good at the realm's limit, even before the
 * lock lands.
 *
 * <p>A right answer ends only this sign-in's run of wrong answers here (lockout's {@link Answers} starts
 * the factor's run anew): Keycloak clears its own count when the whole sign-in succeeds
 * (AuthenticationManager.logSuccess, after the last step and required action), so a sign-in that
 * passes our step but stops later (a further step, a required action, abandoned) leaves that count as it was.
 */
public final class SecondFactorLockout {

    private static final Set<String> CATEGORY = Set.of("otp");
    private static final String NOTE_WRONG_ANSWERS = "nordic-sca.lockout.wrong-answers";
    private static final String NOTE_BLOCKED = "nordic-sca.lockout.blocked";
    /** The session limit when the realm has no brute-force detection. */
    private static final int DEFAULT_SESSION_GUESSES = 5;

    private SecondFactorLockout() {
    }

    /**
     * A right answer ends this sign-in's run of wrong ones. Keycloak's own count is left to
     * Keycloak, which clears it when the sign-in as a whole succeeds.
     */
    public static void rightAnswer(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE_WRONG_ANSWERS);
    }

    public static void rightAnswer(AuthenticationFlowContext context) {
        rightAnswer(context.getAuthenticationSession());
    }

    /** The message every step shows for {@link LockState#BUSY}. */
    public static final String BUSY_MESSAGE = "nordicScaAttemptInProgress";

    /** Whether an answer may be looked at now. */
    public enum LockState {
        /** Not locked: look at the answer. */
        OPEN,
        /** Locked by Keycloak (temporarily or for good): refuse unseen, and block this sign-in. */
        LOCKED,
        /** Another answer of this customer is being checked right now: refuse unseen, count nothing, ask to try again. */
        BUSY
    }

    /** Where a customer stands before an answer (or an SMS) is acted on; {@code eventError} when LOCKED. */
    public record Lock(LockState state, String eventError) {
        static final Lock OPEN = new Lock(LockState.OPEN, null);
        static final Lock BUSY = new Lock(LockState.BUSY, null);
    }

    /**
     * Asks Keycloak's protector whether the customer is locked, and tells a real lock from an
     * attempt in flight. Keycloak 26.7's blocking protector (the default,
     * DefaultBlockingBruteForceProtector) also answers "temporarily disabled" while another request
     * of the same customer holds its per-node in-flight marker, which a double submit or a page's
     * auto-submit racing a button does. That is no lock: Keycloak's failure record then shows no
     * lock in force (no failedLoginNotBefore ahead, the user not disabled by permanent lockout).
     */
    public static Lock lock(KeycloakSession session, RealmModel realm, UserModel user) {
        String error = AuthenticatorUtils.getDisabledByBruteForceEventError(session.getProvider(BruteForceProtector.class), session, realm, user);
        if (error == null) {
            return Lock.OPEN;
        }
        return lockedByRecord(session, realm, user) ? new Lock(LockState.LOCKED, error) : Lock.BUSY;
    }

    /** Keycloak's own record of a lock, as DefaultBruteForceProtector reads it, without its in-flight marker. */
    private static boolean lockedByRecord(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!user.isEnabled()) {
            return true; // disabled by permanent lockout, or by the bank: either way no answer is looked at
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (failures == null) {
            return false;
        }
        return failures.getFailedLoginNotBefore() > Time.currentTimeMillis() / 1000
                || overTemporaryLockouts(realm, failures);
    }

    /**
     * Keycloak's third permanent-lockout condition: with permanent lockout on, more temporary
     * lockouts than the realm allows lock the customer for good even while the user is still
     * enabled (for instance after an administrator enabled the user again without clearing the
     * failure record). Without it such a customer would read "attempt in progress" for ever.
     */
    private static boolean overTemporaryLockouts(RealmModel realm, UserLoginFailureModel failures) {
        return realm.isPermanentLockout() && failures.getNumTemporaryLockouts() > realm.getMaxTemporaryLockouts();
    }

    public static boolean isBlocked(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(NOTE_BLOCKED) != null;
    }

    /** Blocks this sign-in for good: no step of ours looks at another answer in it. */
    public static void block(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(NOTE_BLOCKED, "true");
    }

    /** Reports a wrong answer to Keycloak's protector only (no sign-in of ours to count it in). */
    public static void report(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo) {
        if (realm.isBruteForceProtected()) {
            session.getProvider(BruteForceProtector.class).failedLogin(realm, user, connection, uriInfo, CATEGORY);
        }
    }

    /**
     * Counts a wrong answer in this sign-in only, for failures already reported to the protector
     * elsewhere (the app's denial reaches Keycloak through the device API); true when blocked now.
     */
    public static boolean countInSession(AuthenticationSessionModel authSession, RealmModel realm) {
        String noted = authSession.getAuthNote(NOTE_WRONG_ANSWERS);
        int wrong = (noted == null ? 0 : Integer.parseInt(noted)) + 1;
        authSession.setAuthNote(NOTE_WRONG_ANSWERS, String.valueOf(wrong));
        int limit = realm.isBruteForceProtected() ? realm.getFailureFactor() : DEFAULT_SESSION_GUESSES;
        if (wrong >= limit) {
            block(authSession);
            return true;
        }
        return false;
    }
}
