package io.nordicsca.keycloak.secondfactor;

import java.util.Set;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
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
 */
public final class SecondFactorLockout {

    private static final Set<String> CATEGORY = Set.of("otp");
    private static final String NOTE_WRONG_ANSWERS = "nordic-sca.lockout.wrong-answers";
    private static final String NOTE_BLOCKED = "nordic-sca.lockout.blocked";
    /** The session limit when the realm has no brute-force detection. */
    private static final int DEFAULT_SESSION_GUESSES = 5;

    private SecondFactorLockout() {
    }

    /** Reports a wrong answer; true when this sign-in has now used up its guesses. */
    public static boolean wrongAnswer(AuthenticationFlowContext context) {
        return wrongAnswer(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                context.getUriInfo(), context.getAuthenticationSession());
    }

    /** Reports a wrong answer given in a required action; true when this sign-in has now used up its guesses. */
    public static boolean wrongAnswer(RequiredActionContext context) {
        return wrongAnswer(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                context.getUriInfo(), context.getAuthenticationSession());
    }

    /** Reports a wrong answer; true when this sign-in has now used up its guesses. */
    public static boolean wrongAnswer(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection,
                                      UriInfo uriInfo, AuthenticationSessionModel authSession) {
        report(session, realm, user, connection, uriInfo);
        return countInSession(authSession, realm);
    }

    /** A right answer ends a run of wrong ones, including Keycloak's second-factor count. */
    public static void rightAnswer(AuthenticationFlowContext context) {
        rightAnswer(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                context.getUriInfo(), context.getAuthenticationSession());
    }

    public static void rightAnswer(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection,
                                   UriInfo uriInfo, AuthenticationSessionModel authSession) {
        if (realm.isBruteForceProtected()) {
            session.getProvider(BruteForceProtector.class).successfulLogin(realm, user, connection, uriInfo, CATEGORY);
        }
        authSession.removeAuthNote(NOTE_WRONG_ANSWERS);
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
