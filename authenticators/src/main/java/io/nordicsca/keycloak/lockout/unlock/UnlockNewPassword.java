package io.nordicsca.keycloak.lockout.unlock;

import java.util.List;

import io.nordicsca.keycloak.ProvesNoFactor;
import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLock;
import io.nordicsca.keycloak.lockout.FactorLocks;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.validation.Validation;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The last step of self-service unlock: after the SMS code and the code card, the customer sets a
 * new password on Keycloak's own "update password" page, under the realm's password policy, and
 * only once that password is saved is the password opened ({@link Answers#unlock}, which also
 * clears Keycloak's failure record) and the customer signed in, as Keycloak's reset flow does.
 *
 * <p>Refused with "contact the bank" (a message key per reason, {@link UnlockPages.Refusal}) when the
 * customer is disabled, the password is locked for the bank, the SMS or card factor is locked, or
 * this sign-in has not proven the factors; checked before the page and again when it is sent.
 *
 * <p>Two windows that both reach this page race for one claim in Keycloak's single-use store,
 * named after the password as it was when the page was shown: exactly one saves a password; the
 * other is told the password has just been changed. The claim is given back only when the new
 * password is refused by the policy, so nothing is half done.
 */
public class UnlockNewPassword implements ProvesNoFactor {

    static final String NOTE_PASSWORD = "nordic-sca.unlock.password";
    static final String BY = "self-service";
    private static final String CLAIM = "nordic-sca.unlock.claim.";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UnlockPages.Refusal refusal = refusal(context);
        if (refusal != null) {
            refuse(context, refusal);
            return;
        }
        context.getAuthenticationSession().setAuthNote(NOTE_PASSWORD, passwordVersion(context.getUser()));
        context.challenge(passwordPage(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        UnlockPages.Refusal refusal = refusal(context);
        if (refusal != null) {
            refuse(context, refusal);
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String password = form.getFirst("password-new");
        String confirm = form.getFirst("password-confirm");
        EventBuilder errorEvent = context.getEvent().clone().event(EventType.UPDATE_PASSWORD_ERROR)
                .detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE).user(user);
        if (Validation.isBlank(password)) {
            errorEvent.error(Errors.PASSWORD_MISSING);
            context.challenge(passwordPage(context, new FormMessage(Validation.FIELD_PASSWORD, Messages.MISSING_PASSWORD)));
            return;
        }
        if (!password.equals(confirm)) {
            errorEvent.error(Errors.PASSWORD_CONFIRM_ERROR);
            context.challenge(passwordPage(context, new FormMessage(Validation.FIELD_PASSWORD_CONFIRM, Messages.NOTMATCH_PASSWORD)));
            return;
        }
        String shown = authSession.getAuthNote(NOTE_PASSWORD);
        String claim = CLAIM + user.getId() + "." + shown;
        if (shown == null || !shown.equals(passwordVersion(user))
                || !context.getSession().singleUseObjects().putIfAbsent(claim, context.getRealm().getAccessCodeLifespanLogin())) {
            errorEvent.detail("nordic_sca_unlock", "changed").error(Errors.INVALID_REQUEST);
            refuse(context, UnlockPages.Refusal.CHANGED);
            return;
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException policy) {
            context.getSession().singleUseObjects().remove(claim); // nothing saved: the customer may try another password
            errorEvent.detail(Details.REASON, policy.getMessage()).error(Errors.PASSWORD_REJECTED);
            context.challenge(passwordPage(context, new FormMessage(null, policy.getMessage(), policy.getParameters())));
            return;
        }
        if ("on".equals(form.getFirst("logout-sessions"))) {
            signOutElsewhere(context);
        }
        Answers.unlock(context.getSession(), context.getRealm(), user, Factor.PASSWORD, BY, context.getEvent().clone().user(user));
        context.getEvent().clone().event(EventType.UPDATE_PASSWORD).detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE)
                .user(user).success();
        authSession.removeAuthNote(NOTE_PASSWORD);
        context.success();
    }

    /** Why this customer must contact the bank instead, or null. */
    static UnlockPages.Refusal refusal(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (!user.isEnabled()) {
            return UnlockPages.Refusal.DISABLED;
        }
        long now = Time.currentTime();
        if (FactorLocks.read(user, Factor.PASSWORD, now).state() == FactorLock.State.BANK) {
            return UnlockPages.Refusal.PASSWORD_BANK;
        }
        if (FactorLocks.read(user, Factor.SMS, now).lockedAt(now) || FactorLocks.read(user, Factor.CODE_CARD, now).lockedAt(now)) {
            return UnlockPages.Refusal.FACTOR_LOCKED;
        }
        int required = UnlockNewPasswordFactory.proofsRequired(ConfigValues.of(context.getAuthenticatorConfig()));
        List<String> proven = AuthenticatorUtil.getAuthnCredentials(context.getAuthenticationSession());
        long proofs = proven.stream().filter(type -> !PasswordCredentialModel.TYPE.equals(type)).distinct().count();
        return proofs < required ? UnlockPages.Refusal.NOT_PROVEN : null;
    }

    private static void refuse(AuthenticationFlowContext context, UnlockPages.Refusal refusal) {
        context.getEvent().clone().user(context.getUser()).detail("nordic_sca_unlock", refusal.error.code()).error(Errors.NOT_ALLOWED);
        context.forceChallenge(UnlockPages.refused(context.form(), context.getRealm(), refusal));
    }

    /** Keycloak's "update password" page (login-update-password.ftl), as its required action shows it. */
    private static Response passwordPage(AuthenticationFlowContext context, FormMessage error) {
        var form = context.form().setAttribute("username", context.getUser().getUsername());
        if (error != null && error.getField() == null) {
            form.setError(error.getMessage(), error.getParameters());
        } else if (error != null) {
            form.addError(error);
        }
        return form.createResponse(UserModel.RequiredAction.UPDATE_PASSWORD);
    }

    /** The stored password as it is now: changes whenever a password is saved. */
    static String passwordVersion(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst().map(c -> c.getId() + ":" + c.getCreatedDate()).orElse("none");
    }

    /** "Sign out from other devices" on Keycloak's page: every other session of the customer ends. */
    private static void signOutElsewhere(AuthenticationFlowContext context) {
        String current = context.getAuthenticationSession().getParentSession().getId();
        List<UserSessionModel> others = context.getSession().sessions().getUserSessionsStream(context.getRealm(), context.getUser())
                .filter(s -> !s.getId().equals(current)).toList();
        others.forEach(s -> AuthenticationManager.backchannelLogout(context.getSession(), s, true));
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
