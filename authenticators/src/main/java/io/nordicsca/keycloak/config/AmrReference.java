package io.nordicsca.keycloak.config;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.Constants;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The two settings Keycloak's "Authentication Method Reference (AMR)" token mapper reads from an
 * execution's configuration: which {@code amr} value (RFC 8176) a passed step adds to the tokens,
 * and for how long. Every Nordic SCA step offers them, as Keycloak's own steps do.
 */
public final class AmrReference {

    /** No default: a step adds no amr value until the bank names one. */
    static final Setting.Text<String> VALUE = Setting.text(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE, "Authentication reference (amr)",
            "The amr value (RFC 8176) this step adds to the tokens when a client has the AMR mapper, e.g. otp, sms, swk.", "");
    /**
     * Keycloak reads it (a missing value as 0, a malformed one as no amr at all); the default is only
     * the form's, the session length the bank would usually want.
     */
    static final Setting.Whole MAX_AGE = Setting.integer(Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE,
            "Authentication reference max age (seconds)",
            "How long after this step the amr value stays in new tokens (refreshed ones included). "
                    + "Keycloak counts from the sign-in: 0 keeps it only in tokens issued within that same second, "
                    + "so set the session's maximum length.", 36000, 0, Integer.MAX_VALUE);

    public static final List<Setting<?>> SETTINGS = List.of(VALUE, MAX_AGE);

    private static final List<ProviderConfigProperty> PROPERTIES = Setting.properties(SETTINGS);

    private AmrReference() {
    }

    /** A step's own settings followed by the amr reference settings. */
    public static List<ProviderConfigProperty> with(List<ProviderConfigProperty> own) {
        List<ProviderConfigProperty> all = new ArrayList<>(own);
        all.addAll(PROPERTIES);
        return List.copyOf(all);
    }
}
