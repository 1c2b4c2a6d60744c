package io.nordicsca.keycloak.sms;

import io.nordicsca.keycloak.lockout.GuessBudget;
import io.nordicsca.keycloak.lockout.SecondFactorLockout;
import io.nordicsca.keycloak.secondfactor.TypedCode;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
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

        /** A new event of this sign-in naming the step and the masked number; the flow's own event stays untouched. */
        EventBuilder event(String number) {
            EventBuilder copy = event.clone().user(user).detail(Details.CREDENTIAL_TYPE, SmsOtpAuthenticator.CREDENTIAL_TYPE);
            return number == null ? copy : copy.detail(SmsEvents.TO, PhoneNumbers.mask(number));
        }
    }

    /**
     * What became of a send: sent; refused because the customer is locked ({@code lock} LOCKED) or
     * another attempt is in flight ({@code lock} BUSY); refused by a limit (with the refusal); or
     * not sent (with the outcome).
     */
    record Sent(SmsOutcome outcome, SendLimits.Refusal refusal, SecondFactorLockout.LockState lock) {
        boolean ok() {
            return outcome == SmsOutcome.SENT;
        }

        boolean locked() {
            return lock == SecondFactorLockout.LockState.LOCKED;
        }

        boolean busy() {
            return lock == SecondFactorLockout.LockState.BUSY;
        }
    }

    enum Verdict { RIGHT, WRONG, EXPIRED, USED_UP, MALFORMED, BLOCKED, BUSY }

    /**
     * What a typed code was judged.
     *
     * @param triesLeft for WRONG: tries this code still allows
     * @param problem   for MALFORMED
     */
    record Check(Verdict verdict, int triesLeft, TypedCode.Problem problem) {
    }

    private SmsCodes() {
    }

    /**
     * Sends {@code code} if the customer is not locked and the limits allow; on success it becomes
     * the sign-in's pending code. Every send passes here (first send, "Send a new code", "Try
     * again", registration), so none reaches a locked customer.
     */
    static Sent send(SignIn signIn, SmsOtpConfig config, PendingSmsCode code, boolean resent, long now) {
        SecondFactorLockout.Lock lock = SecondFactorLockout.lock(signIn.session(), signIn.realm(), signIn.user());
        if (lock.state() == SecondFactorLockout.LockState.LOCKED) {
            blocked(signIn, lock.eventError()); // a locked customer costs the bank no SMS
            return new Sent(null, null, lock.state());
        }
        if (lock.state() == SecondFactorLockout.LockState.BUSY) {
            signIn.event(code.to()).error(SmsEvents.TOO_MANY_AT_ONCE);
            return new Sent(null, null, lock.state());
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
                SmsTexts.webOtpDomain(config.webOtpDomain(), signIn.realm().getAttribute(SmsTexts.FRONTEND_URL), SmsTexts.serverHostname()));
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
     * a locked customer is refused unseen; an answer while another is being checked is refused
     * unseen and uncounted (BUSY); each wrong code counts towards lockout.
     */
    static Check check(SignIn signIn, SmsOtpConfig config, PendingSmsCode pending, String typed, long now) {
        if (pending.expired(now)) {
            signIn.event(pending.to()).error(SmsEvents.CODE_EXPIRED);
            return new Check(Verdict.EXPIRED, 0, null);
        }
        if (pending.wrongTries() >= config.triesPerCode()) {
            return new Check(Verdict.USED_UP, 0, null);
        }
        TypedCode.Problem problem = TypedCode.problem(typed, config.digits());
        if (problem != null) {
            return new Check(Verdict.MALFORMED, 0, problem);
        }
        SecondFactorLockout.Lock lock = SecondFactorLockout.lock(signIn.session(), signIn.realm(), signIn.user());
        if (lock.state() == SecondFactorLockout.LockState.LOCKED) {
            return blocked(signIn, lock.eventError());
        }
        int slot = lock.state() == SecondFactorLockout.LockState.OPEN
                ? GuessBudget.take(signIn.session(), signIn.realm(), signIn.user()) : GuessBudget.NONE;
        if (slot == GuessBudget.NONE) {
            // Another answer is being checked right now (a double submit): not a lock; nothing is counted, try again.
            signIn.event(pending.to()).error(SmsEvents.TOO_MANY_AT_ONCE);
            return new Check(Verdict.BUSY, 0, null);
        }
        if (!pending.matches(TypedCode.normalize(typed))) {
            PendingSmsCode counted = pending.withWrongTry();
            counted.write(signIn.authSession());
            signIn.event(pending.to()).error(Errors.INVALID_USER_CREDENTIALS);
            if (SecondFactorLockout.wrongAnswer(signIn.session(), signIn.realm(), signIn.user(), signIn.connection(),
                    signIn.uriInfo(), signIn.authSession())) {
                return blocked(signIn, SmsEvents.SESSION_BLOCKED);
            }
            return new Check(Verdict.WRONG, config.triesPerCode() - counted.wrongTries(), null);
        }
        GuessBudget.giveBack(signIn.session(), signIn.user(), slot);
        PendingSmsCode.clear(signIn.authSession()); // single use
        SecondFactorLockout.rightAnswer(signIn.authSession());
        return new Check(Verdict.RIGHT, 0, null);
    }

    /** Blocks the sign-in for good and forgets its code: no answer is looked at again. */
    static Check blocked(SignIn signIn, String eventError) {
        SecondFactorLockout.block(signIn.authSession());
        PendingSmsCode.clear(signIn.authSession());
        signIn.event(null).error(eventError);
        return new Check(Verdict.BLOCKED, 0, null);
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
