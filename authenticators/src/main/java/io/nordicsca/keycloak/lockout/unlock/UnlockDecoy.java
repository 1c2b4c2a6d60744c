package io.nordicsca.keycloak.lockout.unlock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import io.nordicsca.keycloak.config.ConfigValues;
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
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The SMS code page a username that cannot unlock gets instead (unknown, disabled, no usable phone
 * or card, a factor locked): the same page, the same messages in the same
 * order as the SMS step's, but no SMS is sent, every code is wrong and nothing is counted anywhere
 * but in this sign-in. So the page after "Continue" never tells whether the customer exists or is locked.
 *
 * <p>It imitates the SMS step that follows in the flow: that execution's digits, validity, resend
 * wait and tries per code (read from its settings with the declarations both share,
 * {@link SmsCodeSettings}), its page ({@link SmsPage}) and the SMS factor's lock schedule (the lock
 * page at the same count). lockout/ imports no capability package, so both live in secondfactor/.
 */
final class UnlockDecoy {

    private static final String FIELD = "code";
    private static final String NOTE = "nordic-sca.unlock.decoy";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The imitated SMS step's settings, read with the SMS step's own declarations. */
    record Imitated(int digits, int validSeconds, int resendSeconds, int triesPerCode, String defaultRegion) {

        static Imitated of(AuthenticatorConfigModel config) {
            ConfigValues values = ConfigValues.of(config);
            return new Imitated(SmsCodeSettings.DIGITS.read(values), SmsCodeSettings.VALID_SECONDS.read(values),
                    SmsCodeSettings.RESEND_COOLDOWN.read(values), SmsCodeSettings.TRIES_PER_CODE.read(values),
                    SmsCodeSettings.DEFAULT_REGION.read(values));
        }

        /** The settings of the first execution after {@code self} in its flow (the SMS step of the unlock flow). */
        static Imitated following(RealmModel realm, AuthenticationExecutionModel self) {
            AuthenticationExecutionModel next = realm.getAuthenticationExecutionsStream(self.getParentFlow())
                    .filter(e -> e.getPriority() > self.getPriority() && !e.isAuthenticatorFlow())
                    .findFirst().orElse(null);
            return of(next == null || next.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(next.getAuthenticatorConfig()));
        }
    }

    /** This sign-in's decoy: the masked number shown, when the "code" was "sent", wrong answers to it and in all, a lock shown. */
    record State(String to, long sentAt, int wrongTries, int wrongTotal, long lockedUntil) {

        String write() {
            return to + ";" + sentAt + ";" + wrongTries + ";" + wrongTotal + ";" + lockedUntil;
        }

        static State read(AuthenticationSessionModel authSession) {
            String stored = authSession.getAuthNote(NOTE);
            if (stored == null) {
                return null;
            }
            String[] p = stored.split(";", 5);
            try {
                return new State(p[0], Long.parseLong(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]), Long.parseLong(p[4]));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private UnlockDecoy() {
    }

    static boolean active(AuthenticationSessionModel authSession) {
        return State.read(authSession) != null;
    }

    /** Starts the decoy for this typed username: "we sent a code to +46•••••••42". */
    static Response start(AuthenticationFlowContext context, String username, String storedNumber, long waitMillis) {
        long now = Time.currentTime();
        Imitated imitated = Imitated.following(context.getRealm(), context.getExecution());
        State state = new State(mask(storedNumber, imitated.defaultRegion(), username, context.getRealm().getId()), now, 0, 0, 0);
        context.getAuthenticationSession().setAuthNote(NOTE, state.write());
        // Keycloak's pages show the customer's username once one is known ("Restart sign-in"); so does the decoy's.
        // (Keycloak shows it without a user only where the username field was hidden, hence the second note.)
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME,
                username.toLowerCase(java.util.Locale.ROOT));
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, "true");
        pretendToSend(waitMillis);
        return codePage(context.form(), imitated, state, now, null);
    }

    /** A reload: the same page, with the SMS step's message for a code that can no longer be used. */
    static Response show(AuthenticationFlowContext context) {
        State state = State.read(context.getAuthenticationSession());
        long now = Time.currentTime();
        Imitated imitated = Imitated.following(context.getRealm(), context.getExecution());
        if (state.lockedUntil() > now) {
            return lockPage(context, state, now);
        }
        FormMessage message = expired(state, imitated, now) ? new FormMessage(FIELD, "smsCodeExpired")
                : state.wrongTries() >= imitated.triesPerCode() ? new FormMessage(FIELD, "smsCodeUsedUp") : null;
        return codePage(context.form(), imitated, state, now, message);
    }

    /** A code or "Send a new code", answered the way the SMS step answers a wrong code; nothing is counted outside this sign-in. */
    static Response answer(AuthenticationFlowContext context, long waitMillis) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        State state = State.read(authSession);
        long now = Time.currentTime();
        Imitated imitated = Imitated.following(context.getRealm(), context.getExecution());
        if (state.lockedUntil() > now) {
            return lockPage(context, state, now);
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("resend")) {
            long wait = state.sentAt() + imitated.resendSeconds() - now;
            if (wait > 0) {
                return codePage(context.form(), imitated, state, now, new FormMessage(FIELD, "smsResendTooSoon", wait));
            }
            boolean stillUsable = !expired(state, imitated, now) && state.wrongTries() < imitated.triesPerCode();
            State resent = new State(state.to(), now, stillUsable ? state.wrongTries() : 0, state.wrongTotal(), 0);
            authSession.setAuthNote(NOTE, resent.write());
            pretendToSend(waitMillis);
            return codePage(context.form(), imitated, resent, now, stillUsable ? new FormMessage(null, "smsResent") : null);
        }
        if (expired(state, imitated, now)) {
            return codePage(context.form(), imitated, state, now, new FormMessage(FIELD, "smsCodeExpired"));
        }
        if (state.wrongTries() >= imitated.triesPerCode()) {
            return codePage(context.form(), imitated, state, now, new FormMessage(FIELD, "smsCodeUsedUp"));
        }
        TypedCode.Problem problem = TypedCode.problem(form.getFirst(FIELD), imitated.digits());
        if (problem != null) {
            String key = switch (problem) {
                case MISSING -> "smsCodeMissing";
                case NOT_DIGITS -> "smsCodeNotDigits";
                case WRONG_LENGTH -> "smsCodeWrongLength";
            };
            return codePage(context.form(), imitated, state, now, new FormMessage(FIELD, key, imitated.digits()));
        }
        int total = state.wrongTotal() + 1;
        LockSchedule schedule = LockoutSettings.of(context.getRealm()).schedule(Factor.SMS);
        LockSchedule.Step step = schedule.stepAt(total);
        if (step != null) {
            long until = step.state() == FactorLock.State.TEMPORARY ? now + step.duration().toSeconds() : Long.MAX_VALUE;
            State locked = new State(state.to(), state.sentAt(), 0, total, until);
            authSession.setAuthNote(NOTE, locked.write());
            return lockPage(context, locked, now);
        }
        State counted = new State(state.to(), state.sentAt(), state.wrongTries() + 1, total, 0);
        authSession.setAuthNote(NOTE, counted.write());
        int triesLeft = imitated.triesPerCode() - counted.wrongTries();
        if (schedule.nextLocksForGood(total)) {
            LockPages.lastAttemptWarning(context.form(), context.getRealm(), Factor.SMS); // as the SMS step warns
        }
        FormMessage message = triesLeft > 0 ? new FormMessage(FIELD, "smsCodeInvalid", triesLeft) : new FormMessage(FIELD, "smsCodeUsedUp");
        return codePage(context.form(), imitated, counted, now, message);
    }

    private static Response lockPage(AuthenticationFlowContext context, State state, long now) {
        boolean temporary = state.lockedUntil() != Long.MAX_VALUE;
        FactorLock lock = new FactorLock(Factor.SMS, temporary ? FactorLock.State.TEMPORARY : FactorLock.State.BANK,
                temporary ? state.lockedUntil() : 0, state.wrongTotal(), now, "schedule", null);
        return LockPages.refusal(context.form(), context.getRealm(), new Answers.Verdict(Answers.Outcome.FACTOR_LOCKED, lock, false, true));
    }

    private static boolean expired(State state, Imitated imitated, long now) {
        return now >= state.sentAt() + imitated.validSeconds();
    }

    /** The SMS step's code page: the same model, so the same markup. */
    private static Response codePage(LoginFormsProvider form, Imitated imitated, State state, long now, FormMessage message) {
        return SmsPage.code(state.to(), imitated.digits(), state.sentAt() + imitated.resendSeconds() - now, imitated.validSeconds(), false)
                .render(form, message);
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
