package io.nordicsca.keycloak.sms;

import java.util.List;
import java.util.Set;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.config.AmrReference;
import io.nordicsca.keycloak.lockout.unlock.UnlockDecoy;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import io.nordicsca.keycloak.secondfactor.SmsCodeSettings;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class SmsOtpAuthenticatorFactory extends NoLifecycleFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "nordic-sca-sms-otp";

    private static final Authenticator INSTANCE = new SmsOtpAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        // "Password locked?" for a username that cannot unlock: lockout's decoy answers as this execution (same page,
        // form address and links as a customer's), without a user; every other sign-in gets the SMS step.
        return UnlockDecoy.inPlaceOfSmsStep(session).orElse(INSTANCE);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Nordic SCA: SMS code";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code by SMS to the customer's mobile number (user attribute phoneNumber) and asks for it. "
                + "A reload never sends again; send limits guard against SMS pumping; wrong codes count towards the realm's brute-force lockout.";
    }

    /** Our own category (levels of assurance, "try another way"); failures are reported to brute force as "otp". */
    @Override
    public String getReferenceCategory() {
        return SmsOtpAuthenticator.CREDENTIAL_TYPE;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(SmsOtpAuthenticator.CREDENTIAL_TYPE);
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return AmrReference.with(AnswerClock.with(SmsOtpConfig.PROPERTIES, SmsCodeSettings.ANSWER_WITHIN));
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    /** A customer without a number may register one, where the bank enabled that required action. */
    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }
}
