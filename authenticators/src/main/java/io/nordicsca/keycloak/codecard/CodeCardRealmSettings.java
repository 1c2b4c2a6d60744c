package io.nordicsca.keycloak.codecard;

import java.util.Comparator;
import java.util.Objects;

import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/** Where the issuing endpoint finds the realm's card settings: the code card step's configuration. */
final class CodeCardRealmSettings {

    private CodeCardRealmSettings() {
    }

    /** The configuration of a code card step, the realm's browser flow first; null when none is configured. */
    static AuthenticatorConfigModel stepConfig(RealmModel realm) {
        AuthenticationFlowModel browser = realm.getBrowserFlow();
        String browserAlias = browser == null ? "" : browser.getAlias();
        return realm.getAuthenticationFlowsStream()
                .sorted(Comparator.comparing((AuthenticationFlowModel flow) -> !flow.getAlias().equals(browserAlias)))
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> CodeCardAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator()))
                .map(execution -> execution.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
