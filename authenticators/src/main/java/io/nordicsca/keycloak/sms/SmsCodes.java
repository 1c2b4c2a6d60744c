package io.nordicsca.keycloak.sms;

import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import java.util.Objects;

import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.payment.Payment;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.secondfactor.TypedCode;
import io.nordicsca.keycloak.sms.sender.SmsSender;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sending and checking SMS codes, shared by the sign-in step and the register-phone action so
 * both obey the same limits and count wrong codes the same way. Each returns what happened; the
 * caller decides which page to show.
 */
final class SmsCodes {

    /** Where a code is sent or checked: one sign-in of one customer. */
    record SignIn(KeycloakSession session, RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo,
                  AuthenticationSessionModel authSession, EventBuilder event) {

        static SignIn of(AuthenticationFlowContext context) {
            return new SignIn(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                    context.getUriInfo(), context.getAuthenticationSession(), context.getEvent());
        }

        static SignIn of(RequiredActionContext context) {
            return new SignIn(context.getSession(), context.getRealm(), context.getUser(), context.getConnection(),
                    context.getUriInfo(), context.getAuthenticationSession(), context.getEvent());
        }

        /** This sign-in's answer to the SMS factor, for lockout. */
        Answers.Attempt attempt(String number) {
            return new Answers.Attempt(session, realm, user, connection, uriInfo, authSession, event(number), Factor.SMS);
        }

        /** A new event of this sign-in naming the step and the masked number; the flow's own event stays untouched. */
        EventBuilder event(String number) {
            EventBuilder copy = event.clone().user(user).detail(Details.CREDENTIAL_TYPE, SmsOtpAuthenticator.CREDENTIAL_TYPE);
            return number == null ? copy : copy.detail(SmsEvents.TO, PhoneNumbers.mask(number));
        }
    }

    /**
     * What became of a send: sent; refused by lockout ({@code refused}: the SMS factor is locked or
     * the sign-in blocked); refused by a limit (with the refusal); or not sent (with the outcome).
     */
    record Sent(SmsOutcome outcome, SendLimits.Refusal refusal, Answers.Verdict refused) {
        boolean ok() {
            return outcome == SmsOutcome.SENT;
        }
    }

    enum Verdict { RIGHT, WRONG, EXPIRED, USED_UP, MALFORMED, REFUSED, BUSY }

    /**
     * What a typed code was judged.
     *
     * @param triesLeft for WRONG: tries this code still allows
     * @param problem   for MALFORMED
     * @param lockout   lockout's verdict (for REFUSED: the page to show; for WRONG: the last-attempt warning)
     */
    record Check(Verdict verdict, int triesLeft, TypedCode.Problem problem, Answers.Verdict lockout) {
    }

    private SmsCodes() {
    }

    /**
     * Sends {@code code} if the customer is not locked and the limits allow; on success it becomes
     * the sign-in's pending code. Every send passes here (first send, "Send a new code", "Try
     * again", registration), so none reaches a locked customer.
     *
     * @param payment the payment the code was made for ({@link PendingSmsCode#payment()} is its hash), named in the text; or null
     */
    static Sent send(SignIn signIn, SmsOtpConfig config, PendingSmsCode code, Payment payment, boolean resent, long now) {
        if (!Objects.equals(code.payment(), payment == null ? null : payment.hash())) {
            throw new IllegalArgumentException("the code was made for another payment"); // a programming error, never the customer's
        }
        Answers.Verdict refused = Answers.refusal(signIn.attempt(code.to()));
        if (refused != null) {
            PendingSmsCode.clear(signIn.authSession()); // a locked customer costs the bank no SMS
            return new Sent(null, null, refused);
        }
        SendLimits.Refusal refusal = SendLimits.take(signIn.session().singleUseObjects(), config, signIn.realm().getId(), signIn.user().getId(),
                code.to(), onFile(signIn, config, code.to()), signIn.connection().getRemoteAddr(), now);
        if (refusal != null) {
            signIn.event(code.to()).detail(SmsEvents.LIMIT, refusal.limit())
                    .detail(SmsEvents.RETRY_AFTER, String.valueOf(refusal.retryAfterSeconds())).error(SmsEvents.LIMIT_REACHED);
            return new Sent(null, refusal, null);
        }
        SmsSender sender = signIn.session().getProvider(SmsSender.class, config.sender());
        if (sender == null) {
            signIn.event(code.to()).error(SmsEvents.SENDER_NOT_AVAILABLE);
            return new Sent(SmsOutcome.MISCONFIGURED, null, null);
        }
        String text = SmsTexts.text(signIn.session(), signIn.realm(), signIn.user(), code.code(), config.validSeconds(),
                SmsTexts.webOtpDomain(config.webOtpDomain(), signIn.realm().getAttribute(SmsTexts.FRONTEND_URL), SmsTexts.serverHostname()), payment);
        SmsOutcome outcome = sender.send(code.to(), text);
        if (outcome != SmsOutcome.SENT) {
            signIn.event(code.to()).detail(SmsEvents.ACTION, resent ? SmsEvents.RESENT : SmsEvents.SENT).error(outcome.eventError());
            return new Sent(outcome, null, null);
        }
        code.write(signIn.authSession());
        return new Sent(outcome, null, null);
    }

    /** True when the SMS goes to the number the bank has on file for this customer (not one being registered). */
    private static boolean onFile(SignIn signIn, SmsOtpConfig config, String number) {
        PhoneNumbers.Parsed onFile = PhoneNumbers.parse(signIn.user().getFirstAttribute(PhoneNumbers.ATTRIBUTE), config.defaultRegion());
        return onFile.ok() && onFile.e164().equals(number);
    }

    /**
     * Judges a typed code against the pending one. Malformed answers and dead codes count nothing;
     * the rest goes through lockout's one answer pipeline ({@link Answers#check}).
     */
    static Check check(SignIn signIn, SmsOtpConfig config, PendingSmsCode pending, String typed, long now) {
        if (pending.expired(now)) {
            signIn.event(pending.to()).error(SmsEvents.CODE_EXPIRED);
            return new Check(Verdict.EXPIRED, 0, null, null);
        }
        if (pending.wrongTries() >= config.triesPerCode()) {
            return new Check(Verdict.USED_UP, 0, null, null);
        }
        TypedCode.Problem problem = TypedCode.problem(typed, config.digits());
        if (problem != null) {
            return new Check(Verdict.MALFORMED, 0, problem, null);
        }
        String answer = TypedCode.normalize(typed);
        Answers.Verdict verdict = Answers.check(signIn.attempt(pending.to()), () -> pending.matches(answer));
        return switch (verdict.outcome()) {
            case RIGHT -> {
                PendingSmsCode.clear(signIn.authSession()); // single use
                yield new Check(Verdict.RIGHT, 0, null, verdict);
            }
            case WRONG -> {
                PendingSmsCode counted = pending.withWrongTry();
                counted.write(signIn.authSession());
                yield new Check(Verdict.WRONG, config.triesPerCode() - counted.wrongTries(), null, verdict);
            }
            case BUSY, NOT_CHECKED -> new Check(Verdict.BUSY, 0, null, verdict);
            case FACTOR_LOCKED, BLOCKED -> {
                PendingSmsCode.clear(signIn.authSession()); // no answer is looked at again
                yield new Check(Verdict.REFUSED, 0, null, verdict);
            }
        };
    }

    /** The SMS step's wording of a malformed code. */
    static String message(TypedCode.Problem problem) {
        return switch (problem) {
            case MISSING -> "smsCodeMissing";
            case NOT_DIGITS -> "smsCodeNotDigits";
            case WRONG_LENGTH -> "smsCodeWrongLength";
        };
    }

    /** Whole minutes, rounded up, for "try again in 4 minutes". */
    static long minutesUntil(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }
}
