package io.nordicsca.keycloak.secondfactor;

import java.util.Collections;
import java.util.Set;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * When a sign-in that passed one of our second factors has finished (Keycloak's LOGIN event,
 * after every step and required action), reports it to the brute-force protector as a
 * second-factor ("otp") success, as Keycloak does for its own OTP. Keycloak's own end-of-sign-in
 * success counts only the categories it knows, so without this our steps' wrong answers would stay
 * in the realm's second-factor count (max second-factor failures) for good. Never earlier: a right
 * answer in the middle of a sign-in clears nothing (see {@link SecondFactorLockout}).
 *
 * <p>Global (every realm, nothing to enable), and it acts only on sign-ins our steps took part in.
 */
public class SignInSuccessListenerFactory extends NoLifecycleFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "nordic-sca-sign-in-success";
    /** The credential types our second factors record with {@code context.success(type)}. */
    static final Set<String> OUR_FACTORS = Set.of("code-card", "sms-otp", "app-device");
    private static final Set<String> SECOND_FACTOR = Set.of("otp");

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (event.getType() == EventType.LOGIN) {
                    signInFinished(session, event.getUserId());
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static void signInFinished(KeycloakSession session, String userId) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        RealmModel realm = session.getContext().getRealm();
        if (authSession == null || realm == null || userId == null || !realm.isBruteForceProtected()
                || Collections.disjoint(AuthenticatorUtil.getAuthnCredentials(authSession), OUR_FACTORS)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user != null) {
            session.getProvider(BruteForceProtector.class).successfulLogin(realm, user, session.getContext().getConnection(),
                    session.getContext().getUri(), SECOND_FACTOR);
        }
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
