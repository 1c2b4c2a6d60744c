package io.nordicsca.keycloak.lockout;

import jakarta.ws.rs.core.MultivaluedMap;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.representations.idm.CredentialRepresentation;

import static org.keycloak.services.validation.Validation.FIELD_PASSWORD;

/**
 * Keycloak's username and password form, with the password's own lock: a locked password is
 * refused before it is looked at, and each wrong password counts towards the password's lock
 * schedule (e.g. 15 minutes at 5, an hour at 8, self-service unlock at 10), which outlives
 * Keycloak's failure-reset window. Keycloak's own protector keeps counting too (the account-wide count).
 *
 * <p>Whoever types a username learns nothing more than from Keycloak's form: a locked password
 * reads "Invalid username or password" like an unknown user (and costs the same hashing time),
 * and no "last attempt" warning is shown, because either would tell an attacker that the username
 * exists. The login page's "Password locked?" link is the way out for every customer.
 */
public class PasswordForm extends UsernamePasswordForm {

    @Override
    public boolean validatePassword(AuthenticationFlowContext context, UserModel user, MultivaluedMap<String, String> inputData, boolean clearUser) {
        String password = inputData.getFirst(CredentialRepresentation.PASSWORD);
        if (password == null || password.isEmpty()) {
            return super.validatePassword(context, user, inputData, clearUser); // not a guess: Keycloak's message, nothing counted
        }
        // The form names the user only after the password is right, so the attempt names it here.
        Answers.Attempt attempt = new Answers.Attempt(context.getSession(), context.getRealm(), user, context.getConnection(),
                context.getUriInfo(), context.getAuthenticationSession(), context.getEvent().clone().user(user), Factor.PASSWORD);
        // A wrong password's one event is Keycloak's, sent by its form on context.getEvent(): it gets the details there.
        Answers.Verdict verdict = Answers.checkPassword(attempt, context.getEvent(), () -> {
            // Keycloak's form compares no password while its own lock is in force; one that landed since the
            // check above (set on another node) would otherwise count a password nobody looked at.
            if (AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
                throw new Answers.NotChecked(null);
            }
            return super.validatePassword(context, user, inputData, clearUser);
        });
        return switch (verdict.outcome()) {
            case RIGHT -> {
                AnswerClock.askedAnew(context.getAuthenticationSession(), AnswerClock.PASSWORD); // the next step's answer is timed from here
                yield true;
            }
            case WRONG -> false; // Keycloak's form has shown "Invalid username or password" and counted it
            case FACTOR_LOCKED -> {
                if (!verdict.seen()) {
                    AuthenticatorUtils.dummyHash(context); // refused unseen, in the time a check takes
                    refuse(context, getDefaultChallengeMessage(context), FIELD_PASSWORD, clearUser);
                } // else the wrong password that set the lock: Keycloak's form has answered it
                yield false;
            }
            case BLOCKED -> {
                AuthenticatorUtils.dummyHash(context);
                refuse(context, disabledByBruteForceError(org.keycloak.events.Errors.USER_TEMPORARILY_DISABLED), disabledByBruteForceFieldError(), clearUser);
                yield false;
            }
            case BUSY, NOT_CHECKED -> {
                // Another password of this customer is being checked: "try again in a moment" would tell whoever
                // typed the username that it exists, so it reads as Keycloak's own in-flight refusal does.
                AuthenticatorUtils.dummyHash(context);
                refuse(context, getDefaultChallengeMessage(context), FIELD_PASSWORD, clearUser);
                yield false;
            }
        };
    }

    private void refuse(AuthenticationFlowContext context, String message, String field, boolean clearUser) {
        context.forceChallenge(createLoginForm(context.form().setExecution(context.getExecution().getId())
                .addError(new FormMessage(field, message))));
        if (clearUser) {
            context.clearUser();
        }
    }
}
