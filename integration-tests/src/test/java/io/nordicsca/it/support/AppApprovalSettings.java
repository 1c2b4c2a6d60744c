package io.nordicsca.it.support;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/** The app approval step's settings in the demo realm's second-factor flow, as an admin changes them. */
public final class AppApprovalSettings {

    private AppApprovalSettings() {
    }

    /** The shipped settings with these changed; an empty map restores the demo realm's. */
    public static void set(ManagedRealm realm, Map<String, String> settings) {
        AuthenticatorConfigRepresentation config = realm.admin().flows().getExecutions("nordic-bank second factor").stream()
                .filter(execution -> "nordic-sca-app-approval".equals(execution.getProviderId()))
                .map(execution -> realm.admin().flows().getAuthenticatorConfig(execution.getAuthenticationConfig()))
                .findFirst().orElseThrow();
        Map<String, String> values = new HashMap<>(DemoRealm.load().getAuthenticatorConfig().stream()
                .filter(shipped -> shipped.getAlias().equals(config.getAlias())).findFirst().orElseThrow().getConfig());
        values.putAll(settings);
        config.setConfig(values);
        realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
    }
}
