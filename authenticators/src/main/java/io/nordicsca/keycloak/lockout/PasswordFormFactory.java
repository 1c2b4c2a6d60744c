package io.nordicsca.keycloak.lockout;

import io.nordicsca.keycloak.NordicSca;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** Registers {@link PasswordForm}: Keycloak's username and password form with the password's own lock schedule. */
public class PasswordFormFactory extends UsernamePasswordFormFactory {

    public static final String PROVIDER_ID = NordicSca.PROVIDER_PREFIX + "username-password";

    private static final PasswordForm SINGLETON = new PasswordForm();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "Nordic SCA: username and password (with password lock)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form, plus the password's own lock schedule (Realm settings, "
                + "Nordic SCA tab): a locked password is refused before it is looked at, and it stays locked beyond "
                + "Keycloak's failure-reset window until it lifts, the customer unlocks it, or the bank does.";
    }
}
