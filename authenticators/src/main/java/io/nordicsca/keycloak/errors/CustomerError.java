package io.nordicsca.keycloak.errors;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;

/**
 * Every failure a customer can meet on our pages, with a stable code support can look up
 * ({@code docs/error-codes.md} is generated from this list; {@code CustomerErrorCatalogueTest}
 * keeps both, and the six languages, in step).
 *
 * <p>Codes are {@code NSCA-} and four digits; the first digit is the group ({@link Group}), and
 * within every factor's group the same endings mean the same thing:
 * {@code x0xx} the factor's own failures, {@code x901} locked for a while, {@code x902} locked until
 * the customer unlocks it (password only), {@code x903} locked until the bank unlocks it,
 * {@code x904} the warning before the attempt that makes a lock permanent, {@code x920} this
 * sign-in stopped after too many wrong answers. The SMS send failures keep their SMS codes:
 * {@code SMS-nnn} is {@code NSCA-3nnn} (see {@link #legacyCode()}).
 *
 * <p>A code is never reused for another meaning; a retired failure keeps its number unused.
 * Several codes may share texts (the customer reads the same thing, support still tells them apart).
 * Not in the catalogue, on purpose: hints about the form of an input (empty, not digits, wrong
 * length: nothing happened yet), and notices that ask for nothing (a code was sent again, wait
 * before asking again, the card is running out).
 */
public enum CustomerError {

    // 1xxx: password, lockout across factors, self-service unlock
    /** Shown by Keycloak's own username and password form, in its words (invalidUserMessage), which carry this code. */
    PASSWORD_WRONG(1001, "errorSignInFailedTitle", "errorPasswordWrongProblem", "errorPasswordWrongSolution", false),
    /** Shown by Keycloak's own sign-in form (accountDisabledMessage, which carries this code). */
    ACCOUNT_DISABLED(1002, "errorAccountLockedTitle", "errorAccountDisabledProblem", "errorContactBankSolution", true),
    UNLOCK_FACTOR_LOCKED(1801, "errorUnlockRefusedTitle", "errorUnlockFactorLockedProblem", "errorBankUnlockSolution", true),
    UNLOCK_FACTOR_MISSING(1802, "errorUnlockRefusedTitle", "errorUnlockFactorMissingProblem", "errorBankUnlockSolution", true),
    UNLOCK_USER_DISABLED(1803, "errorUnlockRefusedTitle", "errorUnlockUserDisabledProblem", "errorBankUnlockSolution", true),
    /** Two windows raced to the new password: the other one saved first. */
    UNLOCK_PASSWORD_CHANGED(1804, "errorUnlockRefusedTitle", "nordicScaUnlockRefused.changed", "errorSignInWithNewPasswordSolution", false),
    PASSWORD_LOCKED_TEMPORARILY(1901, "errorTemporarilyLockedTitle", "errorPasswordLockedTemporarilyProblem", "errorWaitLaterSolution", false),
    PASSWORD_LOCKED_SELF_SERVICE(1902, "errorLockedTitle", "errorPasswordLockedProblem", "errorPasswordSelfServiceSolution", true),
    PASSWORD_LOCKED_BANK(1903, "errorLockedTitle", "errorPasswordLockedBankProblem", "errorBankUnlockSolution", true),
    /** The realm hides which factor failed ({@code lockoutHideFactor}): the same three, for any factor. */
    FACTOR_LOCKED_TEMPORARILY(1911, "errorTemporarilyLockedTitle", "errorFactorLockedTemporarilyProblem", "errorWaitSolution", false),
    FACTOR_LOCKED_BANK(1913, "errorLockedTitle", "errorFactorLockedBankProblem", "errorBankUnlockSolution", true),
    FACTOR_LAST_ATTEMPT(1914, Level.WARNING, "errorLastAttemptTitle", "errorFactorLastAttemptProblem", "errorLastAttemptSolution", true),
    SIGN_IN_BLOCKED(1920, "errorSignInStoppedTitle", "errorSignInBlockedProblem", "errorStartAgainSolution", true),

    // 2xxx: code card
    CARD_WRONG_NUMBER(2001, "errorWrongCodeTitle", "errorCardWrongProblem", "errorCardWrongSolution", false),
    CARD_NOT_ACTIVATED(2002, "errorCardUnusableTitle", "codeCardNotActivated", "errorCardActivateSolution", true),
    CARD_REVOKED(2003, "errorCardUnusableTitle", "codeCardRevoked", "errorOtherWayOrBankSolution", true),
    CARD_EXHAUSTED(2004, "errorCardUnusableTitle", "codeCardExhausted", "errorNewCardSolution", true),
    CARD_EXPIRED(2005, "errorCardUnusableTitle", "codeCardExpired", "errorNewCardSolution", true),
    /** Sealed with a pepper the bank has retired: to the customer as good as cancelled; support sees why. */
    CARD_CANNOT_BE_CHECKED(2006, "errorCardUnusableTitle", "codeCardRevoked", "errorOtherWayOrBankSolution", true),
    CARD_ACTIVATION_WRONG(2007, "errorCardActivationTitle", "codeCardActivateInvalid", "errorCardActivationWrongSolution", false),
    CARD_LOCKED_TEMPORARILY(2901, "errorTemporarilyLockedTitle", "errorCardLockedTemporarilyProblem", "errorWaitSolution", false),
    CARD_LOCKED_BANK(2903, "errorLockedTitle", "errorCardLockedBankProblem", "errorBankUnlockSolution", true),
    CARD_LAST_ATTEMPT(2904, Level.WARNING, "errorLastAttemptTitle", "errorCardLastAttemptProblem", "errorLastAttemptSolution", true),
    CARD_BLOCKED(2920, "errorSignInStoppedTitle", "errorCardBlockedProblem", "errorStartAgainSolution", true),

    // 3xxx: SMS code
    SMS_WRONG_CODE(3001, "errorWrongCodeTitle", "errorSmsWrongProblem", "errorSmsWrongSolution", false),
    SMS_CODE_EXPIRED(3002, "errorSmsCodeTitle", "errorSmsExpiredProblem", "errorSmsNewCodeSolution", false),
    SMS_CODE_USED_UP(3003, "errorSmsCodeTitle", "errorSmsUsedUpProblem", "errorSmsNewCodeSolution", false),
    SMS_NO_NUMBER(3004, "errorSmsNumberTitle", "errorSmsNoNumberProblem", "errorOtherWayOrBankSolution", true),
    SMS_NUMBER_ON_FILE_INVALID(3005, "errorSmsNumberTitle", "errorSmsNumberInvalidProblem", "errorSmsUpdateNumberSolution", true),
    SMS_COUNTRY_NOT_ALLOWED(3006, "errorSmsNumberTitle", "errorSmsCountryProblem", "errorOtherWayOrBankSolution", true),
    SMS_LIMIT_REACHED(3007, "errorLimitTitle", "errorSmsLimitProblem", "errorWaitSolution", false),
    SMS_INVALID_NUMBER(3101, "SMS-101", "errorSmsNumberTitle", "errorSmsNotReachableProblem", "errorSmsUpdateNumberSolution", true),
    SMS_UNREACHABLE_NUMBER(3102, "SMS-102", "errorSmsNumberTitle", "errorSmsNotReachableProblem", "errorSmsUpdateNumberSolution", true),
    SMS_PROVIDER_RATE_LIMITED(3201, "SMS-201", "errorSmsNotSentTitle", "errorSmsProviderDownProblem", "errorSmsProviderSolution", false),
    SMS_PROVIDER_UNAVAILABLE(3202, "SMS-202", "errorSmsNotSentTitle", "errorSmsProviderDownProblem", "errorSmsProviderSolution", false),
    SMS_PROVIDER_TIMEOUT(3203, "SMS-203", "errorSmsNotSentTitle", "errorSmsProviderDownProblem", "errorSmsProviderSolution", false),
    SMS_PROVIDER_MISCONFIGURED(3301, "SMS-301", "errorSmsNotSentTitle", "errorSmsProviderDownProblem", "errorSmsProviderSolution", true),
    SMS_LOCKED_TEMPORARILY(3901, "errorTemporarilyLockedTitle", "errorSmsLockedTemporarilyProblem", "errorWaitSolution", false),
    SMS_LOCKED_BANK(3903, "errorLockedTitle", "errorSmsLockedBankProblem", "errorBankUnlockSolution", true),
    SMS_LAST_ATTEMPT(3904, Level.WARNING, "errorLastAttemptTitle", "errorSmsLastAttemptProblem", "errorLastAttemptSolution", true),
    SMS_BLOCKED(3920, "errorSignInStoppedTitle", "errorSmsBlockedProblem", "errorStartAgainSolution", true),

    // 4xxx: app approval
    APP_NO_USABLE_DEVICE(4001, "errorAppNotReadyTitle", "errorAppNoDeviceProblem", "errorAppNoDeviceSolution", true),
    APP_LIMIT_REACHED(4002, "errorLimitTitle", "errorAppLimitProblem", "errorWaitSolution", false),
    APP_EXPIRED(4003, "errorAppEndedTitle", "errorAppExpiredProblem", "errorAppTryAgainSolution", false),
    APP_DECLINED(4004, "errorAppEndedTitle", "appDeclined", "errorAppDeclinedSolution", true),
    APP_WRONG_EVENT_ID(4005, "errorAppEndedTitle", "errorAppWrongEventIdProblem", "errorAppWrongEventIdSolution", false),
    APP_REPLACED(4006, "errorAppEndedTitle", "errorAppReplacedProblem", "errorAppTryAgainSolution", false),
    /** Dynamic linking (PSD2 RTS art. 5): the app signed another payment than this sign-in's, or one where there is none. */
    APP_WRONG_PAYMENT(4007, "errorAppEndedTitle", "errorAppWrongPaymentProblem", "errorAppWrongPaymentSolution", false),
    APP_LOCKED_TEMPORARILY(4901, "errorTemporarilyLockedTitle", "errorAppLockedTemporarilyProblem", "errorWaitSolution", false),
    /** Also "not me" in the app: the bank opens it. */
    APP_LOCKED_BANK(4903, "errorLockedTitle", "errorAppLockedBankProblem", "errorBankUnlockSolution", true),
    APP_LAST_ATTEMPT(4904, Level.WARNING, "errorLastAttemptTitle", "errorAppLastAttemptProblem", "errorLastAttemptSolution", true),
    APP_BLOCKED(4920, "errorSignInStoppedTitle", "errorAppBlockedProblem", "errorStartAgainSolution", true),

    // 5xxx: general and enrollment
    ATTEMPT_IN_PROGRESS(5001, "errorBusyTitle", "errorAttemptInProgressProblem", "errorWaitMomentSolution", false),
    /** Shown by Keycloak's own page for a required step the customer has not set up (credentialSetupRequired, which carries this code). */
    METHOD_NOT_SET_UP(5002, "errorNotSetUpTitle", "errorNotSetUpProblem", "errorOtherWayOrBankSolution", true),
    PHONE_REGISTRATION_NEEDS_STRONG_SIGN_IN(5102, "errorNeedsStrongSignInTitle", "errorEnrollPhoneProblem", "errorStrongSignInSolution", true),
    APP_ACTIVATION_NEEDS_STRONG_SIGN_IN(5103, "errorNeedsStrongSignInTitle", "errorEnrollAppProblem", "errorStrongSignInSolution", true),
    PHONE_REGISTRATION_COUNTRY_NOT_ALLOWED(5104, "errorSmsNumberTitle", "smsPhoneCountryNotAllowed", "errorPhoneCountrySolution", true),

    // 6xxx: timeouts
    TIMEOUT_BETWEEN_STEPS(6001, "errorTimeoutTitle", "errorTimeoutBetweenStepsProblem", "errorTimeoutSolution", false),
    TIMEOUT_APP_PAGE(6002, "errorTimeoutTitle", "errorTimeoutAppProblem", "errorTimeoutSolution", false),
    /** Keycloak's own limit for a whole sign-in (the realm's "Login timeout"): its login page's loginTimeout carries this code. */
    TIMEOUT_SIGN_IN(6003, "errorTimeoutTitle", "errorTimeoutSignInProblem", "errorTimeoutSolution", false);

    /**
     * Codes that no failure has any more, and why: never given another meaning ({@code docs/error-codes.md}
     * lists them, so support can still read an old one).
     */
    public static final List<Retired> RETIRED = List.of(
            new Retired(1904, "The warning before the password's last attempt: the password never warns, because "
                    + "the warning would tell whoever typed a username that it exists (lockout/PasswordForm)."),
            new Retired(5101, "A code card activation without another strong sign-in: the activation is not asked "
                    + "then and waits, without a page, for a sign-in that has one (codecard/ActivateCodeCardAction)."));

    /** A retired code: its number, and why no customer meets it. */
    public record Retired(int number, String why) {

        public String code() {
            return "NSCA-" + number;
        }
    }

    /** How the page presents it: an error, or a warning that asks the customer to take care. */
    public enum Level {
        ERROR("danger"), WARNING("warning");

        private final String alertModifier;

        Level(String alertModifier) {
            this.alertModifier = alertModifier;
        }

        /** PatternFly's alert modifier, as keycloak.v2 spells it ({@code pf-m-danger}, {@code pf-m-warning}). */
        public String alertModifier() {
            return alertModifier;
        }
    }

    /** The first digit of a code. */
    public enum Group {
        PASSWORD(1, "Password, lockout and self-service unlock"),
        CODE_CARD(2, "Code card"),
        SMS(3, "SMS code"),
        APP(4, "App approval"),
        GENERAL(5, "General and enrollment"),
        TIMEOUT(6, "Timeouts");

        private final int digit;
        private final String title;

        Group(int digit, String title) {
            this.digit = digit;
            this.title = title;
        }

        public int digit() {
            return digit;
        }

        public String title() {
            return title;
        }
    }

    private final int number;
    private final Level level;
    private final String legacyCode;
    private final String titleKey;
    private final String problemKey;
    private final String solutionKey;
    private final boolean showsPhone;

    CustomerError(int number, String titleKey, String problemKey, String solutionKey, boolean showsPhone) {
        this(number, Level.ERROR, null, titleKey, problemKey, solutionKey, showsPhone);
    }

    CustomerError(int number, Level level, String titleKey, String problemKey, String solutionKey, boolean showsPhone) {
        this(number, level, null, titleKey, problemKey, solutionKey, showsPhone);
    }

    CustomerError(int number, String legacyCode, String titleKey, String problemKey, String solutionKey, boolean showsPhone) {
        this(number, Level.ERROR, legacyCode, titleKey, problemKey, solutionKey, showsPhone);
    }

    CustomerError(int number, Level level, String legacyCode, String titleKey, String problemKey, String solutionKey, boolean showsPhone) {
        this.number = number;
        this.level = level;
        this.legacyCode = legacyCode;
        this.titleKey = titleKey;
        this.problemKey = problemKey;
        this.solutionKey = solutionKey;
        this.showsPhone = showsPhone;
    }

    /** The code as customers and support read it, e.g. {@code NSCA-2003}. */
    public String code() {
        return "NSCA-" + number;
    }

    public int number() {
        return number;
    }

    public Group group() {
        int digit = number / 1000;
        return Arrays.stream(Group.values()).filter(group -> group.digit == digit).findFirst().orElseThrow();
    }

    public Level level() {
        return level;
    }

    /** The code this failure had before the catalogue ({@code SMS-202}), or null. */
    public String legacyCode() {
        return legacyCode;
    }

    public String titleKey() {
        return titleKey;
    }

    public String problemKey() {
        return problemKey;
    }

    public String solutionKey() {
        return solutionKey;
    }

    /** True when the page gives the bank's phone number and hours: the customer may need the bank to go on. */
    public boolean showsPhone() {
        return showsPhone;
    }

    /**
     * The same failure without naming the factor, for realms that hide which factor failed
     * ({@code lockoutHideFactor}): a factor's {@code x901}, {@code x903}, {@code x904} become
     * 1911, 1913, 1914 and its {@code x920} becomes 1920; every other entry stays as it is (the
     * self-service lock, 1902, is the password's by nature).
     */
    public CustomerError withoutFactor() {
        int ending = number % 1000;
        if (number / 1000 > Group.APP.digit || (ending != 901 && ending != 903 && ending != 904 && ending != 920)) {
            return this;
        }
        int neutral = ending == 920 ? SIGN_IN_BLOCKED.number : 1010 + ending;
        return Arrays.stream(values()).filter(error -> error.number == neutral).findFirst().orElseThrow();
    }

    /** The entry whose code or earlier code ({@code SMS-202}) this is. */
    public static Optional<CustomerError> byCode(String code) {
        return Arrays.stream(values()).filter(error -> error.code().equals(code) || (error.legacyCode != null && error.legacyCode.equals(code)))
                .findFirst();
    }

    /** The page model for this realm: the realm's support contact when this error sends the customer to the bank. */
    public ErrorNotice notice(RealmModel realm) {
        return notice(showsPhone ? SupportContact.of(realm) : SupportContact.NONE);
    }

    public ErrorNotice notice(SupportContact contact) {
        SupportContact shown = showsPhone ? contact : SupportContact.NONE;
        return new ErrorNotice(code(), level.alertModifier(), titleKey, problemKey, solutionKey, shown.phone(), shown.hours(), null);
    }
}
