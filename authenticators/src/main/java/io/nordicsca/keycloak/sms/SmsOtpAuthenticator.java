package io.nordicsca.keycloak.sms;

import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import java.time.Instant;
import java.util.List;

import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.nordicsca.keycloak.lockout.FactorStep;
import io.nordicsca.keycloak.lockout.LockPages;
import io.nordicsca.keycloak.lockout.SecondFactorLockout;
import io.nordicsca.keycloak.payment.LinkedPayment;
import io.nordicsca.keycloak.payment.Payment;
import io.nordicsca.keycloak.payment.PaymentEvents;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import io.nordicsca.keycloak.secondfactor.SmsCodeSettings;
import io.nordicsca.keycloak.secondfactor.SmsPage;
import io.nordicsca.keycloak.sms.SmsCodes.SignIn;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The SMS step: "we sent a code to +46•••••••67".
 *
 * <ol>
 * <li>{@link #authenticate}: read the customer's mobile number (user attribute {@code phoneNumber},
 *     E.164 via libphonenumber). The first time in a sign-in, send a code ({@link SmsCodes#send}:
 *     not to a locked customer, and only after taking a slot in the send limits). Any later time
 *     (a reload) show the same code page and send nothing.</li>
 * <li>{@link #action} with "Send a new code": after the cooldown, send the same code again while
 *     it can still be used, else a new one. Resending never resets a count of wrong answers.</li>
 * <li>{@link #action} with a code: {@link SmsCodes#check} (form, lock, answer slot, constant-time
 *     comparison; each wrong code counts towards the realm's lockout, and a code allows only so
 *     many tries). A right code is used up and the step succeeds as {@value #CREDENTIAL_TYPE}.</li>
 * </ol>
 * With a payment in the request ({@link LinkedPayment#requested}), the SMS and the page name its amount
 * and payee, the code is kept with the payment's hash, and only a code sent for exactly this payment
 * is checked: a right one records the approval ({@link LinkedPayment#approved}), which the token
 * endpoint requires before it hands out the payment. Wrong codes count as in any sign-in. The SMS
 * step of a later level of the same sign-in (the payment level after the second factor) then passes
 * without a second code ({@link LinkedPayment#alreadyApprovedBy}).
 */
public class SmsOtpAuthenticator implements Authenticator, FactorStep {

    public static final String CREDENTIAL_TYPE = "sms-otp";
    static final String FIELD = "code";
    static final String RESEND = "resend";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SmsOtpConfig config = SmsOtpConfig.from(context.getAuthenticatorConfig());
        String number = numberOrProblemPage(context, config);
        if (number == null || AnswerClock.endIfLate(context, Factor.SMS.id(), answerWithin(context))) {
            return;
        }
        if (LinkedPayment.alreadyApprovedBy(context, Factor.SMS.id())) {
            context.success(CREDENTIAL_TYPE); // this sign-in's code already named and bound exactly this payment
            return;
        }
        AnswerClock.asked(authSession, Factor.SMS.id());
        long now = Instant.now().getEpochSecond();
        Payment payment = LinkedPayment.requested(context).orElse(null);
        PendingSmsCode pending = PendingSmsCode.read(authSession);
        if (pending != null && pending.sentFor(number, hash(payment))) {
            context.challenge(codePage(context, config, pending, payment, now, deadCodeMessage(pending, config, now)));
            return;
        }
        send(context, config, fresh(number, config, payment, now), payment, false, now);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SmsOtpConfig config = SmsOtpConfig.from(context.getAuthenticatorConfig());
        String number = numberOrProblemPage(context, config);
        if (number == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        long now = Instant.now().getEpochSecond();
        Payment payment = LinkedPayment.requested(context).orElse(null);
        PendingSmsCode pending = PendingSmsCode.read(authSession);
        if (pending == null || !pending.sentFor(number, hash(payment))) {
            // No code went to this number for this payment in this sign-in ("Try again" after a failed send, the number
            // changed, or the code named another payment): nothing was asked yet, so nothing can be late, and a code sent
            // for something else is not checked.
            AnswerClock.askedAnew(authSession, Factor.SMS.id());
            send(context, config, fresh(number, config, payment, now), payment, false, now);
            return;
        }
        if (AnswerClock.endIfLate(context, Factor.SMS.id(), answerWithin(context))) {
            return; // too late: not looked at, not counted, nothing sent
        }
        if (form.containsKey(RESEND)) {
            AnswerClock.askedAnew(authSession, Factor.SMS.id()); // a new chance to answer, within the send limits
            resend(context, config, pending, payment, now);
            return;
        }
        SmsCodes.Check check = SmsCodes.check(SignIn.of(context), config, pending, form.getFirst(FIELD), now);
        switch (check.verdict()) {
            case RIGHT -> {
                if (payment != null) {
                    LinkedPayment.approved(authSession, payment, Factor.SMS.id());
                    context.getEvent().detail(PaymentEvents.PAYMENT_HASH, payment.hash());
                }
                context.success(CREDENTIAL_TYPE);
            }
            case REFUSED -> context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), check.lockout()));
            case BUSY -> {
                ErrorNotice.fieldError(context.form(), CustomerError.ATTEMPT_IN_PROGRESS, new FormMessage(FIELD, SecondFactorLockout.BUSY_MESSAGE));
                context.challenge(codePage(context, config, pending, payment, now, null)); // the same form, with the message above
            }
            case MALFORMED -> context.challenge(codePage(context, config, pending, payment, now,
                    new FormMessage(FIELD, SmsCodes.message(check.problem()), config.digits())));
            case EXPIRED -> context.challenge(codePage(context, config, pending, payment, now, new FormMessage(FIELD, "smsCodeExpired")));
            case USED_UP -> context.challenge(codePage(context, config, pending, payment, now, new FormMessage(FIELD, "smsCodeUsedUp")));
            case WRONG -> {
                AnswerClock.askedAnew(authSession, Factor.SMS.id());
                context.challenge(codePage(context, config, PendingSmsCode.read(authSession), payment, now,
                        wrongCodeMessage(context.form(), context.getRealm(), check)));
            }
        }
    }

    private static String hash(Payment payment) {
        return payment == null ? null : payment.hash();
    }

    private static PendingSmsCode fresh(String number, SmsOtpConfig config, Payment payment, long now) {
        return PendingSmsCode.fresh(number, config.digits(), config.validSeconds(), now, hash(payment));
    }

    /**
     * Tries left for this code, or "this code is used up"; before the answer that would lock SMS
     * sign-in for good, lockout's warning goes on the same form too.
     */
    static FormMessage wrongCodeMessage(LoginFormsProvider form, RealmModel realm, SmsCodes.Check check) {
        if (check.lockout().lastAttempt()) {
            LockPages.lastAttemptWarning(form, realm, Factor.SMS);
        }
        return check.triesLeft() > 0 ? new FormMessage(FIELD, "smsCodeInvalid", check.triesLeft()) : new FormMessage(FIELD, "smsCodeUsedUp");
    }

    /** "Send a new code": nothing before the cooldown; the same code while it can still be used. */
    private void resend(AuthenticationFlowContext context, SmsOtpConfig config, PendingSmsCode pending, Payment payment, long now) {
        long wait = pending.resendIn(config.resendCooldownSeconds(), now);
        if (wait > 0) {
            context.challenge(codePage(context, config, pending, payment, now, new FormMessage(FIELD, "smsResendTooSoon", wait)));
        } else if (pending.usableFor(pending.to(), config.triesPerCode(), now)) {
            send(context, config, pending.resentAt(now), payment, true, now);
        } else {
            send(context, config, fresh(pending.to(), config, payment, now), payment, false, now);
        }
    }

    private void send(AuthenticationFlowContext context, SmsOtpConfig config, PendingSmsCode code, Payment payment, boolean resent, long now) {
        SmsCodes.Sent sent = SmsCodes.send(SignIn.of(context), config, code, payment, resent, now);
        if (sent.ok()) {
            context.challenge(codePage(context, config, code, payment, now, resent ? new FormMessage(null, "smsResent") : null));
        } else if (sent.refused() != null) {
            context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), sent.refused()));
        } else {
            context.challenge(notSentPage(context.form(), context.getRealm(), sent, code.to()));
        }
    }

    /**
     * The customer's number in E.164, or null after showing why no code can be asked for: this
     * sign-in is blocked, or the number on file cannot be used.
     */
    private String numberOrProblemPage(AuthenticationFlowContext context, SmsOtpConfig config) {
        Answers.Verdict refused = Answers.refusal(SignIn.of(context).attempt(null));
        if (refused != null) {
            context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), refused));
            return null;
        }
        PhoneNumbers.Parsed parsed = PhoneNumbers.parse(context.getUser().getFirstAttribute(PhoneNumbers.ATTRIBUTE), config.defaultRegion());
        SignIn signIn = SignIn.of(context);
        if (!parsed.ok()) {
            signIn.event(null).error(SmsEvents.NUMBER_ON_FILE_INVALID);
            context.challenge(problemPage(context.form(), context.getRealm(),
                    parsed.problem() == PhoneNumbers.Problem.MISSING ? CustomerError.SMS_NO_NUMBER : CustomerError.SMS_NUMBER_ON_FILE_INVALID, false, null, 0));
            return null;
        }
        if (!PhoneNumbers.allowed(parsed.e164(), config.allowedPrefixes())) {
            signIn.event(parsed.e164()).error(SmsEvents.COUNTRY_NOT_ALLOWED);
            context.challenge(problemPage(context.form(), context.getRealm(), CustomerError.SMS_COUNTRY_NOT_ALLOWED, false,
                    PhoneNumbers.mask(parsed.e164()), 0));
            return null;
        }
        return parsed.e164();
    }

    /** Why a page shown again (a reload) cannot take this code any more, or null when it can. */
    private static FormMessage deadCodeMessage(PendingSmsCode pending, SmsOtpConfig config, long now) {
        if (pending.expired(now)) {
            return new FormMessage(FIELD, "smsCodeExpired");
        }
        return pending.wrongTries() >= config.triesPerCode() ? new FormMessage(FIELD, "smsCodeUsedUp") : null;
    }

    /** The step's code page, naming the payment the code approves, if any. */
    private static Response codePage(AuthenticationFlowContext context, SmsOtpConfig config, PendingSmsCode code, Payment payment, long now,
                                     FormMessage message) {
        SmsPage.PaymentDetails details = payment == null ? null : new SmsPage.PaymentDetails(
                payment.amountText(context.getSession().getContext().resolveLocale(context.getUser())), payment.payeeName(),
                payment.payeeAccount(), payment.reference() == null ? "" : payment.reference());
        return SmsPage.code(PhoneNumbers.mask(code.to()), config.digits(), code.resendIn(config.resendCooldownSeconds(), now),
                config.validSeconds(), false, details).render(context.form(), message);
    }

    /** The register-phone action's code page (its title, "Change number"). */
    static Response registerCodePage(LoginFormsProvider form, SmsOtpConfig config, PendingSmsCode code, long now, FormMessage message) {
        return SmsPage.code(PhoneNumbers.mask(code.to()), config.digits(), code.resendIn(config.resendCooldownSeconds(), now),
                config.validSeconds(), true, null).render(form, message);
    }

    /**
     * Nothing was sent: a limit was reached (and when a new code may be asked for), or the number or the provider
     * failed. A number the provider refuses is named, masked; "Try again" only where trying again can help.
     */
    static Response notSentPage(LoginFormsProvider form, RealmModel realm, SmsCodes.Sent sent, String number) {
        if (sent.refusal() != null) {
            return problemPage(form, realm, CustomerError.SMS_LIMIT_REACHED, true, null, SmsCodes.minutesUntil(sent.refusal().retryAfterSeconds()));
        }
        SmsOutcome outcome = sent.outcome();
        return outcome.numberProblem()
                ? problemPage(form, realm, outcome.error(), false, PhoneNumbers.mask(number), 0)
                : problemPage(form, realm, outcome.error(), true, null, 0);
    }

    /**
     * A page that says why no code can be asked for now: the catalogue's notice (code, problem, what to do and,
     * where the bank must help, its number); {@code retry} offers "Try again"; {@code maskedNumber}, when not
     * null, the number it is about; {@code waitMinutes}, when above 0, how long until a new code may be asked for.
     */
    static Response problemPage(LoginFormsProvider form, RealmModel realm, CustomerError error, boolean retry, String maskedNumber,
                                long waitMinutes) {
        return SmsPage.problem(retry, maskedNumber, waitMinutes).render(form, error.notice(realm));
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Offered to customers with a mobile number on file; others skip it, or register one where the bank allows. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return has(session, realm, user) && !FactorLocks.lockedNow(user, Factor.SMS); // a locked factor is not offered
    }

    @Override
    public Factor factor() {
        return Factor.SMS;
    }

    /** A mobile number on file, locked or not. */
    @Override
    public boolean has(KeycloakSession session, RealmModel realm, UserModel user) {
        String number = user.getFirstAttribute(PhoneNumbers.ATTRIBUTE);
        return number != null && !number.isBlank();
    }

    private static int answerWithin(AuthenticationFlowContext context) {
        return AnswerClock.limit(context.getAuthenticatorConfig(), SmsCodeSettings.ANSWER_WITHIN);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        user.addRequiredAction(RegisterPhoneActionFactory.PROVIDER_ID);
    }

    /** Keycloak asks a customer without a number to register one only while the bank has this action enabled. */
    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, RegisterPhoneActionFactory.PROVIDER_ID));
    }

    @Override
    public void close() {
    }
}
