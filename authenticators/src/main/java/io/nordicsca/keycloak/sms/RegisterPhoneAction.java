package io.nordicsca.keycloak.sms;

import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import java.time.Instant;

import io.nordicsca.keycloak.enrollment.StrongSignIn;
import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.LockPages;
import io.nordicsca.keycloak.lockout.SecondFactorLockout;
import io.nordicsca.keycloak.secondfactor.SmsPage;
import io.nordicsca.keycloak.sms.SmsCodes.SignIn;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The customer registers a mobile number and proves it with a code sent to it. Banks usually
 * provision numbers themselves (user attribute {@code phoneNumber}, pre-verified), so this action
 * is opt-in: enable it under Authentication → Required actions. It runs only in a sign-in that
 * already passed another strong factor (code card, app, authenticator app), never on the password
 * alone; otherwise the customer is told to sign in with one first or to call the bank.
 *
 * <ol>
 * <li>Number page: parse and check the number (mobile, allowed country); send a code to it.</li>
 * <li>Code page: the same code rules as the sign-in step ({@link SmsCodes}): limits, cooldown,
 *     tries per code, every wrong code counting towards lockout. The right code saves the number.</li>
 * </ol>
 */
public class RegisterPhoneAction implements RequiredActionProvider {

    static final String PHONE_FIELD = "phone";
    static final String CHANGE = "change";
    private static final String NOTE_NUMBER = "nordic-sca.sms.register.number";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!StrongSignIn.passedOtherThan(context.getAuthenticationSession(), SmsOtpAuthenticator.CREDENTIAL_TYPE)) {
            context.challenge(notAllowedPage(context.form(), context.getRealm()));
            return;
        }
        Answers.Verdict refused = Answers.refusal(SignIn.of(context).attempt(null));
        if (refused != null) {
            context.challenge(LockPages.refusal(context.form(), context.getRealm(), refused)); // a new number does not open a locked SMS factor
            return;
        }
        showCurrentStep(context);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!StrongSignIn.passedOtherThan(authSession, SmsOtpAuthenticator.CREDENTIAL_TYPE)) {
            context.challenge(notAllowedPage(context.form(), context.getRealm()));
            return;
        }
        Answers.Verdict refused = Answers.refusal(SignIn.of(context).attempt(null));
        if (refused != null) {
            context.challenge(LockPages.refusal(context.form(), context.getRealm(), refused));
            return;
        }
        SmsOtpConfig config = config(context);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        long now = Instant.now().getEpochSecond();
        String number = authSession.getAuthNote(NOTE_NUMBER);

        if (form.containsKey(CHANGE)) {
            forget(authSession);
            context.challenge(numberPage(context.form(), null, null));
            return;
        }
        if (number == null || form.containsKey(PHONE_FIELD)) {
            registerNumber(context, config, form.getFirst(PHONE_FIELD), now);
            return;
        }
        PendingSmsCode pending = PendingSmsCode.read(authSession);
        if (pending == null || !pending.sentFor(number, null)) { // a payment's code registers nothing
            send(context, config, PendingSmsCode.fresh(number, config.digits(), config.validSeconds(), now), false, now);
            return;
        }
        if (form.containsKey(SmsOtpAuthenticator.RESEND)) {
            long wait = pending.resendIn(config.resendCooldownSeconds(), now);
            if (wait > 0) {
                codePage(context, config, pending, now, new FormMessage(SmsOtpAuthenticator.FIELD, "smsResendTooSoon", wait));
            } else {
                boolean same = pending.usableFor(number, config.triesPerCode(), now);
                send(context, config, same ? pending.resentAt(now) : PendingSmsCode.fresh(number, config.digits(), config.validSeconds(), now), same, now);
            }
            return;
        }
        SmsCodes.Check check = SmsCodes.check(SignIn.of(context), config, pending, form.getFirst(SmsOtpAuthenticator.FIELD), now);
        switch (check.verdict()) {
            case RIGHT -> saved(context, number);
            case REFUSED -> context.challenge(LockPages.refusal(context.form(), context.getRealm(), check.lockout()));
            case BUSY -> {
                ErrorNotice.fieldError(context.form(), CustomerError.ATTEMPT_IN_PROGRESS,
                        new FormMessage(SmsOtpAuthenticator.FIELD, SecondFactorLockout.BUSY_MESSAGE));
                codePage(context, config, pending, now, null); // the same form, with the message above
            }
            case MALFORMED -> codePage(context, config, pending, now,
                    new FormMessage(SmsOtpAuthenticator.FIELD, SmsCodes.message(check.problem()), config.digits()));
            case EXPIRED -> codePage(context, config, pending, now, new FormMessage(SmsOtpAuthenticator.FIELD, "smsCodeExpired"));
            case USED_UP -> codePage(context, config, pending, now, new FormMessage(SmsOtpAuthenticator.FIELD, "smsCodeUsedUp"));
            case WRONG -> codePage(context, config, PendingSmsCode.read(authSession), now,
                    SmsOtpAuthenticator.wrongCodeMessage(context.form(), context.getRealm(), check));
        }
    }

    private void registerNumber(RequiredActionContext context, SmsOtpConfig config, String typed, long now) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.parse(typed, config.defaultRegion());
        if (!parsed.ok()) {
            String message = switch (parsed.problem()) {
                case MISSING -> "smsPhoneMissing";
                case NOT_MOBILE -> "smsPhoneNotMobile";
                case INVALID -> "smsPhoneInvalid";
            };
            context.challenge(numberPage(context.form(), typed, new FormMessage(PHONE_FIELD, message)));
            return;
        }
        if (!PhoneNumbers.allowed(parsed.e164(), config.allowedPrefixes())) {
            SignIn.of(context).event(parsed.e164()).error(SmsEvents.COUNTRY_NOT_ALLOWED);
            context.challenge(numberPage(context.form(), typed, new FormMessage(PHONE_FIELD, "smsPhoneCountryNotAllowed")));
            return;
        }
        PendingSmsCode.clear(context.getAuthenticationSession());
        context.getAuthenticationSession().setAuthNote(NOTE_NUMBER, parsed.e164());
        send(context, config, PendingSmsCode.fresh(parsed.e164(), config.digits(), config.validSeconds(), now), false, now);
    }

    private void send(RequiredActionContext context, SmsOtpConfig config, PendingSmsCode code, boolean resent, long now) {
        SmsCodes.Sent sent = SmsCodes.send(SignIn.of(context), config, code, null, resent, now);
        if (sent.ok()) {
            codePage(context, config, code, now, resent ? new FormMessage(null, "smsResent") : null);
        } else if (sent.refused() != null) {
            context.challenge(LockPages.refusal(context.form(), context.getRealm(), sent.refused()));
        } else {
            context.challenge(SmsOtpAuthenticator.notSentPage(context.form(), context.getRealm(), sent, code.to()));
        }
    }

    private void saved(RequiredActionContext context, String number) {
        context.getUser().setSingleAttribute(PhoneNumbers.ATTRIBUTE, number);
        SignIn.of(context).event(number).event(EventType.UPDATE_CREDENTIAL).success();
        forget(context.getAuthenticationSession());
        context.success();
    }

    /** The step this sign-in is at: a code was sent (code page) or not yet (number page). */
    private void showCurrentStep(RequiredActionContext context) {
        String number = context.getAuthenticationSession().getAuthNote(NOTE_NUMBER);
        PendingSmsCode pending = PendingSmsCode.read(context.getAuthenticationSession());
        if (number != null && pending != null && pending.to().equals(number)) {
            codePage(context, config(context), pending, Instant.now().getEpochSecond(), null);
        } else {
            context.challenge(numberPage(context.form(), null, null));
        }
    }

    private void codePage(RequiredActionContext context, SmsOtpConfig config, PendingSmsCode code, long now, FormMessage message) {
        context.challenge(SmsOtpAuthenticator.registerCodePage(context.form(), config, code, now, message));
    }

    private static Response numberPage(LoginFormsProvider form, String typed, FormMessage error) {
        return SmsPage.number(typed).render(form, error);
    }

    private static Response notAllowedPage(LoginFormsProvider form, RealmModel realm) {
        return SmsPage.notAllowed().render(form, CustomerError.PHONE_REGISTRATION_NEEDS_STRONG_SIGN_IN.notice(realm));
    }

    private static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE_NUMBER);
        PendingSmsCode.clear(authSession);
    }

    private static SmsOtpConfig config(RequiredActionContext context) {
        RequiredActionConfigModel model = context.getConfig();
        return SmsOtpConfig.from(model == null ? null : model.getConfig());
    }

    @Override
    public void close() {
    }
}
