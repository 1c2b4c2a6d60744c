package io.nordicsca.keycloak.config;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.Constants;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The two settings Keycloak's "Authentication Method Reference (AMR)" token mapper reads from an
 * execution's configuration: which {@code amr} value (RFC 8176) a passed step adds to the tokens,
 * and for how long. Every Nordic SCA step offers them, as Keycloak's own steps do.
 */
public final class AmrReference {

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE).label("Authentication reference (amr)")
            .helpText("The amr value (RFC 8176) this step adds to the tokens when a client has the AMR mapper, e.g. otp, sms, swk.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE).label("Authentication reference max age (seconds)")
            .helpText("How long after this step the amr value stays in new tokens (refreshed ones included). "
                    + "Keycloak counts from the sign-in: 0 keeps it only in tokens issued within that same second, "
                    + "so set the session's maximum length. Default 36000 (10 hours).")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("36000").add()
            .build();

    private AmrReference() {
    }

    /** A step's own settings followed by the amr reference settings. */
    public static List<ProviderConfigProperty> with(List<ProviderConfigProperty> own) {
        List<ProviderConfigProperty> all = new ArrayList<>(own);
        all.addAll(PROPERTIES);
        return List.copyOf(all);
    }
}
