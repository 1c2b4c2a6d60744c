package io.nordicsca.keycloak.lockout.unlock;

import io.nordicsca.keycloak.ProvesNoFactor;
import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.lockout.Answers;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * "Password locked?": the customer types the username (personal ID or user code), and the flow
 * goes on to the SMS code and the code card only for a customer who can unlock here. Everyone
 * else, an unknown username included, goes on too, without a user, to the {@link UnlockDecoy}: the
 * same SMS code page, served as the SMS step's execution, where no SMS is sent and no code is right.
 * Nothing on the page after "Continue" tells whether the customer exists, is disabled or is locked;
 * that is said only after the factors are proven ({@link UnlockNewPassword}).
 *
 * <p>Who can unlock here: an enabled customer for whom every REQUIRED step after this one in the flow can run, as Keycloak itself decides
 * (each step's {@code configuredFor}: a mobile number and an open SMS factor, a code card that is
 * not locked). A step that cannot run would otherwise end the flow on Keycloak's generic
 * "credential setup required" page, which would also tell the customer apart. Keycloak's
 * account-wide lock, which wrong passwords set, does not stop the unlock ({@link Answers#unlocksPassword}).
 */
public class UnlockIdentify implements ProvesNoFactor {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(UnlockPages.identify(context.form(), context.getRealm(), null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String username = form.getFirst(UnlockPages.USERNAME);
        username = username == null ? "" : username.strip();
        if (username.isEmpty()) {
            context.challenge(UnlockPages.identify(context.form(), context.getRealm(), "",
                    new FormMessage(UnlockPages.USERNAME, "nordicScaUnlockUsernameMissing")));
            return;
        }
        if (username.length() > 255 || username.chars().anyMatch(Character::isISOControl)) {
            username = username.substring(0, Math.min(255, username.length())).replaceAll("\\p{Cntrl}", "");
        }
        UserModel user = context.getSession().users().getUserByUsername(context.getRealm(), username);
        String why = whyNot(context, user);
        if (why == null) {
            context.getEvent().detail(Details.USERNAME, username);
            context.setUser(user);
            Answers.unlocksPassword(context.getAuthenticationSession());
            context.success();
            return;
        }
        context.getEvent().clone().detail(Details.USERNAME, username).detail("nordic_sca_unlock", why)
                .user(user == null ? null : user.getId()).error(user == null ? Errors.USER_NOT_FOUND : Errors.NOT_ALLOWED);
        long waitMillis = UnlockIdentifyFactory.decoyWaitMillis(ConfigValues.of(context.getAuthenticatorConfig()));
        UnlockDecoy.begin(context, username, user == null ? null : user.getFirstAttribute("phoneNumber"), waitMillis);
        // On without a user, as for a customer with one: the SMS step's execution then serves the decoy (UnlockDecoy.inPlaceOfSmsStep).
        context.success();
    }

    /** Why this customer cannot unlock here (for the event), or null when the flow may go on. */
    static String whyNot(AuthenticationFlowContext context, UserModel user) {
        if (user == null) {
            return "unknown";
        }
        if (!user.isEnabled() || user.getServiceAccountClientLink() != null) {
            return "disabled";
        }
        String step = stepThatCannotRun(context.getSession(), context.getRealm(), context.getExecution(), user);
        return step == null ? null : "cannot_run:" + step;
    }

    /** The first REQUIRED step after {@code self} in its flow that Keycloak would not run for this user, or null. */
    static String stepThatCannotRun(KeycloakSession session, RealmModel realm, AuthenticationExecutionModel self, UserModel user) {
        return realm.getAuthenticationExecutionsStream(self.getParentFlow())
                .filter(e -> e.getPriority() > self.getPriority() && e.isRequired() && !e.isAuthenticatorFlow())
                .filter(e -> {
                    AuthenticatorFactory factory = (AuthenticatorFactory) session.getKeycloakSessionFactory()
                            .getProviderFactory(Authenticator.class, e.getAuthenticator());
                    if (factory == null) {
                        return true;
                    }
                    Authenticator step = factory.create(session);
                    return step.requiresUser() && !step.configuredFor(session, realm, user);
                })
                .map(AuthenticationExecutionModel::getAuthenticator)
                .findFirst().orElse(null);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
