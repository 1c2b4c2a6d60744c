package io.nordicsca.keycloak.sms;

import java.util.HashMap;
import java.util.Map;

import io.nordicsca.keycloak.config.BrowserFlowSteps;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import io.nordicsca.keycloak.secondfactor.TypedCode;
import io.nordicsca.keycloak.sms.sender.SmsSender;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * SMS codes a customer types on the phone's keypad during a call (the call-centre API): sent to the
 * number on file, checked by the calling system. The SMS step's own rules apply: its settings
 * ({@link #settings}: the first SMS step of the realm's browser flow, defaults when none), its code
 * ({@link OneTimeCodes}), its send limits ({@link SendLimits}), its sender, and lockout's one answer
 * pipeline for {@link Factor#SMS} ({@link Answers}, outside a sign-in).
 *
 * <p>A request lives in Keycloak's single-use store (any node answers), under a random id, bound to
 * the realm and the calling client, with the customer's id, or none when no SMS may go out (unknown,
 * disabled or locked customer, no usable number, a limit, no sender): the caller's system gets the
 * same answer either way, and a check of such a request answers like a wrong code with the same
 * countdown and counts nothing (nobody to count). The code is kept hashed ({@link OneTimeCodes#hash}).
 * Every check is made in the request; the SMS itself goes out after commit, off the request's thread
 * ({@link KeypadSmsAfterCommit}), so the answer never waits for the SMS provider; a send that fails
 * then is its event, and leaves a request whose code nobody received.
 * Each check first takes one of the request's try slots ({@code putIfAbsent}, atomic across the
 * cluster), so a burst of guesses is never looked at more often than the SMS step's tries per code.
 */
public final class KeypadCodes {

    /** Detail of keypad events: the request's id. */
    public static final String REQUEST = "keypad_request";

    private static final String PREFIX = "nordic-sca.keypad.";
    private static final String REALM = "realm";
    private static final String CLIENT = "client";
    private static final String USER = "user";
    private static final String SALT = "salt";
    private static final String HASH = "hash";
    private static final String EXPIRES = "expires";
    private static final String TO = "to";
    private static final String NOBODY = "";

    /**
     * A request made: its id and seconds of validity; or, when the count of the name given is full
     * ({@link SendLimits#takeForHint}), nothing made and the seconds until one may be asked for.
     */
    public record Sent(String requestId, int expiresIn, long retryAfter) {
        public boolean tooMany() {
            return requestId == null;
        }
    }

    public enum Result { CONFIRMED, WRONG, EXPIRED, MALFORMED }

    /**
     * @param attemptsLeft for WRONG: checks this request still allows
     * @param customer     for CONFIRMED: whom the code identified
     * @param digits       for MALFORMED: the digits a code has
     */
    public record Checked(Result result, int attemptsLeft, UserModel customer, int digits) {
    }

    private KeypadCodes() {
    }

    /**
     * Makes the request (unless the name's own count is full) and, when lockout, the number and the limits
     * allow, has a code sent to {@code customer}'s number on file after commit.
     *
     * @param customer the customer the caller named, or null when the name is nobody's
     * @param hintKey  an HMAC of the name the caller gave, for its count (never the name itself)
     * @param event    the caller's event (client, address, how the customer was found); cloned, never sent as is
     */
    public static Sent send(KeycloakSession session, ClientModel caller, UserModel customer, String hintKey, EventBuilder event) {
        RealmModel realm = session.getContext().getRealm();
        SmsOtpConfig config = settings(realm);
        SingleUseObjectProvider store = session.singleUseObjects();
        long now = Time.currentTime();
        String requestId = OneTimeCodes.random(24);
        SendLimits.Refusal hint = SendLimits.takeForHint(store, config, realm.getId(), hintKey, now);
        if (hint != null) {
            EventBuilder refused = event.clone().event(EventType.LOGIN_ERROR).detail(SmsEvents.LIMIT, hint.limit())
                    .detail(SmsEvents.RETRY_AFTER, String.valueOf(hint.retryAfterSeconds()));
            if (customer != null) {
                refused.user(customer);
            }
            refused.error(SmsEvents.LIMIT_REACHED);
            return new Sent(null, 0, hint.retryAfterSeconds());
        }
        String code = OneTimeCodes.generate(config.digits());
        Sendable sms = customer == null ? null : sendable(session, realm, config, customer, requestId, event, now);
        String to = sms == null ? null : sms.to();
        String salt = OneTimeCodes.random(16);
        Map<String, String> request = new HashMap<>();
        request.put(REALM, realm.getId());
        request.put(CLIENT, caller.getId());
        request.put(USER, to == null ? NOBODY : customer.getId());
        request.put(SALT, salt);
        request.put(HASH, OneTimeCodes.hash(salt, code));
        request.put(EXPIRES, String.valueOf(now + config.validSeconds()));
        request.put(TO, to == null ? NOBODY : PhoneNumbers.mask(to));
        store.put(PREFIX + requestId, config.validSeconds(), request);
        if (sms != null) {
            KeypadSmsAfterCommit.enlist(session, config.sender(), sms.to(),
                    SmsTexts.keypadText(session, realm, customer, code, config.validSeconds()), now + config.validSeconds(), sms.failure());
        }
        return new Sent(requestId, config.validSeconds(), 0);
    }

    /** An SMS that may go out: the number on file (E.164), and the event its failure records. */
    private record Sendable(String to, EventBuilder failure) {
    }

    /**
     * Whether an SMS may go to {@code customer} now (the number on file, its country, lockout, the send
     * limits, a sender), all decided here, in the request; every "no" is an event and null. The SMS itself
     * goes out after commit ({@link KeypadSmsAfterCommit}).
     */
    private static Sendable sendable(KeycloakSession session, RealmModel realm, SmsOtpConfig config, UserModel customer,
                                         String requestId, EventBuilder base, long now) {
        EventBuilder event = base.clone().event(EventType.LOGIN_ERROR).user(customer).detail(REQUEST, requestId)
                .detail(Details.CREDENTIAL_TYPE, SmsOtpAuthenticator.CREDENTIAL_TYPE);
        PhoneNumbers.Parsed number = PhoneNumbers.parse(customer.getFirstAttribute(PhoneNumbers.ATTRIBUTE), config.defaultRegion());
        if (!number.ok()) {
            event.error(SmsEvents.NUMBER_ON_FILE_INVALID);
            return null;
        }
        event.detail(SmsEvents.TO, PhoneNumbers.mask(number.e164()));
        if (!PhoneNumbers.allowed(number.e164(), config.allowedPrefixes())) {
            event.clone().error(SmsEvents.COUNTRY_NOT_ALLOWED);
            return null;
        }
        if (Answers.refusal(Answers.Attempt.outsideSignIn(session, customer, event, Factor.SMS)) != null) {
            return null; // a locked customer costs the bank no SMS; lockout sent its event
        }
        // No address count: the caller is one server asking for many customers; its names have their own count.
        SendLimits.Refusal refusal = SendLimits.take(session.singleUseObjects(), config, realm.getId(), customer.getId(), number.e164(),
                true, null, now);
        if (refusal != null) {
            event.clone().detail(SmsEvents.LIMIT, refusal.limit()).detail(SmsEvents.RETRY_AFTER, String.valueOf(refusal.retryAfterSeconds()))
                    .error(SmsEvents.LIMIT_REACHED);
            return null;
        }
        if (session.getProvider(SmsSender.class, config.sender()) == null) {
            event.clone().error(SmsEvents.SENDER_NOT_AVAILABLE);
            return null;
        }
        return new Sendable(number.e164(), event.clone());
    }

    /**
     * Checks a typed code. Unknown ids, other realms' or other clients' requests, expired and used
     * requests are all EXPIRED and count nothing; a malformed code counts nothing. Otherwise the check
     * takes a try slot first; a request for nobody, a customer no longer enabled or a locked one
     * answers WRONG with the countdown and counts nothing new, and so does a check lockout left unseen
     * (another answer of the customer in flight), which gives its slot back.
     */
    public static Checked check(KeycloakSession session, ClientModel caller, String requestId, String typed, EventBuilder event) {
        RealmModel realm = session.getContext().getRealm();
        SmsOtpConfig config = settings(realm);
        SingleUseObjectProvider store = session.singleUseObjects();
        long now = Time.currentTime();
        Map<String, String> request = requestId == null || requestId.length() > 64 ? null : store.get(PREFIX + requestId);
        if (request == null || !realm.getId().equals(request.get(REALM)) || !caller.getId().equals(request.get(CLIENT))
                || now >= Long.parseLong(request.get(EXPIRES))) {
            return new Checked(Result.EXPIRED, 0, null, 0);
        }
        if (TypedCode.problem(typed, config.digits()) != null) {
            return new Checked(Result.MALFORMED, 0, null, config.digits());
        }
        long lifespan = Math.max(1, Long.parseLong(request.get(EXPIRES)) - now);
        int slot = trySlot(store, requestId, config.triesPerCode(), lifespan);
        if (slot < 0) {
            return new Checked(Result.EXPIRED, 0, null, 0); // used up (or every try in flight)
        }
        int attemptsLeft = config.triesPerCode() - slot - 1;
        Checked wrong = new Checked(Result.WRONG, attemptsLeft, null, 0);
        UserModel customer = NOBODY.equals(request.get(USER)) ? null : session.users().getUserById(realm, request.get(USER));
        if (customer == null || !customer.isEnabled()) {
            return wrong; // nobody to count
        }
        String answer = TypedCode.normalize(typed);
        EventBuilder attemptEvent = event.clone().event(EventType.LOGIN_ERROR).user(customer).detail(REQUEST, requestId)
                .detail(Details.CREDENTIAL_TYPE, SmsOtpAuthenticator.CREDENTIAL_TYPE).detail(SmsEvents.TO, request.get(TO));
        Answers.Verdict verdict = Answers.check(Answers.Attempt.outsideSignIn(session, customer, attemptEvent, Factor.SMS),
                () -> OneTimeCodes.same(request.get(HASH), OneTimeCodes.hash(request.get(SALT), answer)));
        return switch (verdict.outcome()) {
            case RIGHT -> {
                if (store.remove(PREFIX + requestId) == null) {
                    yield new Checked(Result.EXPIRED, 0, null, 0); // a concurrent right answer used it first
                }
                event.clone().event(EventType.LOGIN).user(customer).detail(REQUEST, requestId)
                        .detail(Details.CREDENTIAL_TYPE, SmsOtpAuthenticator.CREDENTIAL_TYPE).detail(SmsEvents.TO, request.get(TO)).success();
                yield new Checked(Result.CONFIRMED, 0, customer, 0);
            }
            case BUSY, NOT_CHECKED -> {
                // Not looked at: the try is given back and nothing is counted, but the answer is the slot's wrong code,
                // countdown included, as a request for nobody answers; any other would tell that a customer is behind it.
                store.remove(trySlotKey(requestId, slot));
                yield wrong;
            }
            case WRONG, FACTOR_LOCKED, BLOCKED -> wrong; // lockout counted what it looked at, and nothing when refused unseen
        };
    }

    /** The first free of the request's {@code tries} slots, or -1 when all are taken. */
    private static int trySlot(SingleUseObjectProvider store, String requestId, int tries, long lifespan) {
        for (int slot = 0; slot < tries; slot++) {
            if (store.putIfAbsent(trySlotKey(requestId, slot), lifespan)) {
                return slot;
            }
        }
        return -1;
    }

    private static String trySlotKey(String requestId, int slot) {
        return PREFIX + requestId + ".try." + slot;
    }

    /** The SMS step's settings as the bank set them ({@link BrowserFlowSteps}); the defaults when there is none. */
    public static SmsOtpConfig settings(RealmModel realm) {
        return SmsOtpConfig.from(BrowserFlowSteps.firstConfig(realm, SmsOtpAuthenticatorFactory.PROVIDER_ID).orElse(null));
    }
}
