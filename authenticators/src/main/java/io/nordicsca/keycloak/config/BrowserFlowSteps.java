package io.nordicsca.keycloak.config;

import java.util.Optional;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Where requests made outside a sign-in (CIBA, the call-centre API) find the settings the bank gave a
 * step: the first execution of that step in the realm's browser flow, subflows depth first in
 * Keycloak's order (the step a sign-in meets first), so the bank configures each factor once.
 */
public final class BrowserFlowSteps {

    private BrowserFlowSteps() {
    }

    /** The configuration of the first {@code providerId} step of the browser flow; empty when there is none, or it has none. */
    public static Optional<AuthenticatorConfigModel> firstConfig(RealmModel realm, String providerId) {
        return Optional.ofNullable(realm.getBrowserFlow())
                .flatMap(flow -> firstStep(realm, flow, providerId))
                .map(AuthenticationExecutionModel::getAuthenticatorConfig)
                .map(realm::getAuthenticatorConfigById);
    }

    private static Optional<AuthenticationExecutionModel> firstStep(RealmModel realm, AuthenticationFlowModel flow, String providerId) {
        return realm.getAuthenticationExecutionsStream(flow.getId())
                .map(execution -> execution.isAuthenticatorFlow()
                        ? Optional.ofNullable(realm.getAuthenticationFlowById(execution.getFlowId())).flatMap(sub -> firstStep(realm, sub, providerId))
                        : Optional.of(execution).filter(step -> providerId.equals(step.getAuthenticator())))
                .flatMap(Optional::stream)
                .findFirst();
    }
}
