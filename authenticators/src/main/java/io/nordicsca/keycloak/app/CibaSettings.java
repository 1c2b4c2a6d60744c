package io.nordicsca.keycloak.app;

import io.nordicsca.keycloak.config.BrowserFlowSteps;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;

/**
 * What a CIBA request asks of the app: the app approval step's own settings (mode, event ID format,
 * push sender, pushes per window) and its amr reference, read from the first app approval step of
 * the realm's browser flow, so the bank configures the app once (defaults when the flow has none).
 * The request's validity is Keycloak's (the realm's CIBA policy or {@code requested_expiry}).
 *
 * @param amr the amr value (RFC 8176) the step adds to tokens, e.g. {@code swk}; empty when the bank named none
 */
record CibaSettings(AppApprovalConfig app, String amr) {

    static CibaSettings of(RealmModel realm) {
        AuthenticatorConfigModel config = BrowserFlowSteps.firstConfig(realm, AppApprovalAuthenticatorFactory.PROVIDER_ID).orElse(null);
        String amr = config == null || config.getConfig() == null ? ""
                : config.getConfig().getOrDefault(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE, "").strip();
        return new CibaSettings(AppApprovalConfig.from(config), amr);
    }
}
