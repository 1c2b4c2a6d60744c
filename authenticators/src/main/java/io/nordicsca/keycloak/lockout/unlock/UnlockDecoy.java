package io.nordicsca.keycloak.lockout.unlock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

import io.nordicsca.keycloak.ProvesNoFactor;
import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import io.nordicsca.keycloak.secondfactor.SmsCodeSettings;
import io.nordicsca.keycloak.secondfactor.SmsPage;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLock;
import io.nordicsca.keycloak.lockout.LockPages;
import io.nordicsca.keycloak.lockout.LockSchedule;
import io.nordicsca.keycloak.lockout.LockoutSettings;
import io.nordicsca.keycloak.secondfactor.TypedCode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The SMS code page a username that cannot unlock gets instead (unknown, disabled, no usable phone
 * or card, a factor locked): the same page, the same messages in the same
 * order as the SMS step's, but no SMS is sent, every code is wrong and nothing is counted anywhere
 * but in this sign-in. So the page after "Continue" never tells whether the customer exists or is locked.
 *
 * <p>It answers as the SMS step's execution: {@link UnlockIdentify} begins it ({@link #begin}) and
 * succeeds without a user, and for such a sign-in the SMS step's factory hands the step to this
 * stand-in ({@link #inPlaceOfSmsStep}). So its page posts to the SMS step's execution id, a reload
 * goes through that step, and its links are the SMS page's, as for a customer. Keycloak lets a step
 * run without a user only when it does not require one, which is why the stand-in is a step of its
 * own rather than a branch of the SMS step; the SMS step itself still requires a user everywhere else.
 *
 * <p>It imitates the SMS step: that execution's digits, validity, resend wait, tries per code and
 * answer time (read from its settings with the declarations both share, {@link SmsCodeSettings};
 * the timeout page of {@link AnswerClock}), its page ({@link SmsPage}) and the SMS factor's lock
 * schedule (the lock page at the same count). lockout/ imports no capability package, so these
 * live in secondfactor/.
 */
public final class UnlockDecoy implements ProvesNoFactor {

    private static final String FIELD = "code";
    private static final String NOTE = "nordic-sca.unlock.decoy";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final UnlockDecoy STAND_IN = new UnlockDecoy();

    /** The imitated SMS step's settings, read with the SMS step's own declarations. */
    record Imitated(int digits, int validSeconds, int resendSeconds, int triesPerCode, String defaultRegion, int answerWithin) {

        static Imitated of(AuthenticatorConfigModel config) {
            ConfigValues values = ConfigValues.of(config);
            return new Imitated(SmsCodeSettings.DIGITS.read(values), SmsCodeSettings.VALID_SECONDS.read(values),
                    SmsCodeSettings.RESEND_COOLDOWN.read(values), SmsCodeSettings.TRIES_PER_CODE.read(values),
                    SmsCodeSettings.DEFAULT_REGION.read(values), AnswerClock.limit(config, SmsCodeSettings.ANSWER_WITHIN));
        }

        /** The settings of the first execution after {@code self} in its flow (the SMS step of the unlock flow), before it runs. */
        static Imitated following(RealmModel realm, AuthenticationExecutionModel self) {
            AuthenticationExecutionModel next = realm.getAuthenticationExecutionsStream(self.getParentFlow())
                    .filter(e -> e.getPriority() > self.getPriority() && !e.isAuthenticatorFlow())
                    .findFirst().orElse(null);
            return of(next == null || next.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(next.getAuthenticatorConfig()));
        }
    }

    /**
     * This sign-in's decoy: the masked number shown, when the "code" was "sent", wrong answers to it
     * and in all, a lock shown, and how long a pretended send takes (the identify step's setting).
     */
    record State(String to, long sentAt, int wrongTries, int wrongTotal, long lockedUntil, long waitMillis) {

        String write() {
            return to + ";" + sentAt + ";" + wrongTries + ";" + wrongTotal + ";" + lockedUntil + ";" + waitMillis;
        }

        State with(long sentAt, int wrongTries, int wrongTotal, long lockedUntil) {
            return new State(to, sentAt, wrongTries, wrongTotal, lockedUntil, waitMillis);
        }

        static State read(AuthenticationSessionModel authSession) {
            String stored = authSession.getAuthNote(NOTE);
            if (stored == null) {
                return null;
            }
            String[] p = stored.split(";", 6);
            try {
                return new State(p[0], Long.parseLong(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]), Long.parseLong(p[4]),
                        Long.parseLong(p[5]));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private UnlockDecoy() {
    }

    /**
     * The step that answers in the SMS step's place in this sign-in: this decoy, when the sign-in has
     * no user and the identify step began the decoy; empty otherwise, and the SMS step answers as
     * always. Called by the SMS step's factory for each use of the step; Keycloak keeps the sign-in
     * in the session's context on every login-action request.
     */
    public static Optional<Authenticator> inPlaceOfSmsStep(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        // The note first: it is cheap, and absent in every sign-in but a decoy's (looking up the user is not).
        boolean decoy = authSession != null && State.read(authSession) != null && authSession.getAuthenticatedUser() == null;
        return decoy ? Optional.of(STAND_IN) : Optional.empty();
    }

    /**
     * Begins the decoy for this typed username, in the identify step, which then succeeds without a
     * user: "we sent a code to +46•••••••42" after about the time a real send takes.
     */
    static void begin(AuthenticationFlowContext context, String username, String storedNumber, long waitMillis) {
        Imitated imitated = Imitated.following(context.getRealm(), context.getExecution());
        State state = new State(mask(storedNumber, imitated.defaultRegion(), username, context.getRealm().getId()),
                Time.currentTime(), 0, 0, 0, waitMillis);
        context.getAuthenticationSession().setAuthNote(NOTE, state.write());
        // Keycloak's pages show the customer's username once one is known ("Restart sign-in"); so does the decoy's.
        // (Keycloak shows it without a user only where the username field was hidden, hence the second note.)
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME,
                username.toLowerCase(java.util.Locale.ROOT));
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, "true");
        pretendToSend(waitMillis);
    }

    /**
     * The SMS step's page, first shown or reloaded: with its message for a code that can no longer be
     * used, or its timeout page when the answer time ran out (the clock starts when the page is first shown).
     * Once "locked", what Keycloak does with a customer whose SMS factor is locked: the SMS step is no
     * longer configured for them ({@code configuredFor}), so Keycloak ends the sign-in with its
     * "credential setup required" error before the step runs.
     */
    @Override
    public void authenticate(AuthenticationFlowContext context) {
        State state = State.read(context.getAuthenticationSession());
        long now = Time.currentTime();
        Imitated imitated = Imitated.of(context.getAuthenticatorConfig());
        if (state.lockedUntil() > now) {
            throw new AuthenticationFlowException("authenticator: " + context.getExecution().getAuthenticator(),
                    AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
        }
        if (AnswerClock.endIfLate(context, Factor.SMS.id(), imitated.answerWithin())) {
            return;
        }
        AnswerClock.asked(context.getAuthenticationSession(), Factor.SMS.id());
        FormMessage message = expired(state, imitated, now) ? new FormMessage(FIELD, "smsCodeExpired")
                : state.wrongTries() >= imitated.triesPerCode() ? new FormMessage(FIELD, "smsCodeUsedUp") : null;
        codePage(context, imitated, state, now, message);
    }

    /** A code or "Send a new code", answered the way the SMS step answers a wrong code; nothing is counted outside this sign-in. */
    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        State state = State.read(authSession);
        long now = Time.currentTime();
        Imitated imitated = Imitated.of(context.getAuthenticatorConfig());
        if (state.lockedUntil() > now) {
            lockPage(context, state, now);
            return;
        }
        if (AnswerClock.endIfLate(context, Factor.SMS.id(), imitated.answerWithin())) {
            return; // too late: not looked at, as the SMS step
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("resend")) {
            AnswerClock.askedAnew(authSession, Factor.SMS.id());
            long wait = state.sentAt() + imitated.resendSeconds() - now;
            if (wait > 0) {
                codePage(context, imitated, state, now, new FormMessage(FIELD, "smsResendTooSoon", wait));
                return;
            }
            boolean stillUsable = !expired(state, imitated, now) && state.wrongTries() < imitated.triesPerCode();
            State resent = state.with(now, stillUsable ? state.wrongTries() : 0, state.wrongTotal(), 0);
            authSession.setAuthNote(NOTE, resent.write());
            pretendToSend(state.waitMillis());
            codePage(context, imitated, resent, now, stillUsable ? new FormMessage(null, "smsResent") : null);
            return;
        }
        if (expired(state, imitated, now)) {
            codePage(context, imitated, state, now, new FormMessage(FIELD, "smsCodeExpired"));
            return;
        }
        if (state.wrongTries() >= imitated.triesPerCode()) {
            codePage(context, imitated, state, now, new FormMessage(FIELD, "smsCodeUsedUp"));
            return;
        }
        TypedCode.Problem problem = TypedCode.problem(form.getFirst(FIELD), imitated.digits());
        if (problem != null) {
            String key = switch (problem) {
                case MISSING -> "smsCodeMissing";
                case NOT_DIGITS -> "smsCodeNotDigits";
                case WRONG_LENGTH -> "smsCodeWrongLength";
            };
            codePage(context, imitated, state, now, new FormMessage(FIELD, key, imitated.digits()));
            return;
        }
        int total = state.wrongTotal() + 1;
        LockSchedule schedule = LockoutSettings.of(context.getRealm()).schedule(Factor.SMS);
        LockSchedule.Step step = schedule.stepAt(total);
        if (step != null) {
            long until = step.state() == FactorLock.State.TEMPORARY ? now + step.duration().toSeconds() : Long.MAX_VALUE;
            State locked = state.with(state.sentAt(), 0, total, until);
            authSession.setAuthNote(NOTE, locked.write());
            lockPage(context, locked, now);
            return;
        }
        State counted = state.with(state.sentAt(), state.wrongTries() + 1, total, 0);
        authSession.setAuthNote(NOTE, counted.write());
        AnswerClock.askedAnew(authSession, Factor.SMS.id());
        int triesLeft = imitated.triesPerCode() - counted.wrongTries();
        if (schedule.nextLocksForGood(total)) {
            LockPages.lastAttemptWarning(context.form(), context.getRealm(), Factor.SMS); // as the SMS step warns
        }
        FormMessage message = triesLeft > 0 ? new FormMessage(FIELD, "smsCodeInvalid", triesLeft) : new FormMessage(FIELD, "smsCodeUsedUp");
        codePage(context, imitated, counted, now, message);
    }

    /** The decoy's sign-in has no user; Keycloak runs a step in such a sign-in only when it requires none. */
    @Override
    public boolean requiresUser() {
        return false;
    }

    /** The lock page, forced as the SMS step forces it. */
    private static void lockPage(AuthenticationFlowContext context, State state, long now) {
        boolean temporary = state.lockedUntil() != Long.MAX_VALUE;
        FactorLock lock = new FactorLock(Factor.SMS, temporary ? FactorLock.State.TEMPORARY : FactorLock.State.BANK,
                temporary ? state.lockedUntil() : 0, state.wrongTotal(), now, "schedule", null);
        context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(),
                new Answers.Verdict(Answers.Outcome.FACTOR_LOCKED, lock, false, true)));
    }

    private static boolean expired(State state, Imitated imitated, long now) {
        return now >= state.sentAt() + imitated.validSeconds();
    }

    /** The SMS step's code page: the same model, so the same markup. */
    private static void codePage(AuthenticationFlowContext context, Imitated imitated, State state, long now, FormMessage message) {
        Response page = SmsPage.code(state.to(), imitated.digits(), state.sentAt() + imitated.resendSeconds() - now, imitated.validSeconds(), false)
                .render(context.form(), message);
        context.challenge(page);
    }

    /**
     * The number as the SMS step masks it (PhoneNumbers.mask). A customer with a usable number on
     * file sees its own ending; anyone else a mobile number of the SMS step's country with an ending
     * that is the same for the same username every time (so asking twice does not give the decoy
     * away), derived with the realm's id.
     */
    static String mask(String storedNumber, String defaultRegion, String username, String realmId) {
        PhoneNumbers.Parsed parsed = PhoneNumbers.parse(storedNumber, defaultRegion);
        if (parsed.ok()) {
            return PhoneNumbers.mask(parsed.e164());
        }
        byte[] hash = sha256(realmId + "\n" + username);
        return PhoneNumbers.mask(PhoneNumbers.exampleMobile(defaultRegion, hash[0] * 256 + hash[1]));
    }

    /** About as long as handing an SMS to the provider takes, so the decoy answers as fast as a real send. */
    private static void pretendToSend(long waitMillis) {
        if (waitMillis <= 0) {
            return;
        }
        long jitter = waitMillis / 5;
        long wait = waitMillis - jitter + (jitter == 0 ? 0 : RANDOM.nextLong(2 * jitter + 1));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
