package io.nordicsca.keycloak.codecard;

import java.util.Set;

import jakarta.ws.rs.core.UriInfo;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * How code card answers reach Keycloak's brute-force protector. Keycloak counts only the
 * categories password, otp and recovery-authn-codes (DefaultBruteForceProtector), so a wrong card
 * answer is reported as a second-factor ("otp") failure: the realm's lockout and its second-factor
 * limit both see it. Like Keycloak's own reporting, nothing is reported when the realm has brute
 * force detection off.
 */
final class CodeCardLockout {

    private static final Set<String> CATEGORY = Set.of("otp");

    private CodeCardLockout() {
    }

    static void wrongAnswer(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo) {
        if (realm.isBruteForceProtected()) {
            session.getProvider(BruteForceProtector.class).failedLogin(realm, user, connection, uriInfo, CATEGORY);
        }
    }

    /** A right answer ends a run of wrong ones, including Keycloak's second-factor count. */
    static void rightAnswer(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo) {
        if (realm.isBruteForceProtected()) {
            session.getProvider(BruteForceProtector.class).successfulLogin(realm, user, connection, uriInfo, CATEGORY);
        }
    }
}
