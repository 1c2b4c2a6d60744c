package io.nordicsca.keycloak.lockout;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A step that asks for one lockable factor. Its {@code configuredFor} is false while the factor is
 * locked (so Keycloak does not run it as an alternative; the lock check step also leaves it out of
 * "Try another way"); {@link #has} tells whether the customer has the
 * factor at all, locked or not, which the lock check step needs and cannot learn otherwise without
 * knowing each capability.
 */
public interface FactorStep {

    Factor factor();

    /** The customer has this factor (a card, a number on file, an app), whether locked or not. */
    boolean has(KeycloakSession session, RealmModel realm, UserModel user);
}
