package io.nordicsca.keycloak;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A flow step that checks or asks something but proves no factor of its own (the lock check, the
 * password-grant refusal, the self-service unlock's steps): it holds no credential, so it is
 * configured for everyone, sets no required action and keeps nothing to close.
 */
public interface ProvesNoFactor extends Authenticator {

    @Override
    default boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    default void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    default void close() {
    }
}
