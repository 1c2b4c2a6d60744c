package io.nordicsca.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.nordicsca.it.support.AnotherWay;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.Burst;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.Form;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import io.nordicsca.it.support.UiText;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak records failures after the response, so a burst of simultaneous wrong answers could
 * all be checked before its lock lands (20 of 20 on Keycloak's own OTP form with its non-blocking
 * protector). Here an attacker who knows the password opens 20 sign-ins of one customer and sends
 * 20 wrong answers at the same instant, on every factor a customer types. At most the realm's
 * limit (5) may be looked at, seen two ways: what the attacker is told (a "wrong" answer, as
 * against "busy, try again" or "blocked", which were not looked at) and what Keycloak's
 * attack-detection record and the realm's events counted. The quick-login check is off: the limit
 * must hold without it.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LockoutBurstTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final int BURST = 20;
    /** Every SMS of the 20 sign-ins must go out: the limits per customer and per number are not under test here. */
    /** The most the settings allow (refused above on save), enough for a burst of 20 sign-ins. */
    private static final Map<String, String> SMS_FOR_20_SIGN_INS = Map.of("sendsPerUser", "50", "sendsPerNumber", "50");
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void attackerSetting() {
        Burst.withoutQuickLoginCheck(realm);
        SmsStep.configure(realm, SMS_FOR_20_SIGN_INS);
    }

    /**
     * Keycloak's own username-and-password form. It says "Invalid username or password. (Error code NSCA-1001)" whether
     * it checked the password or refused a locked customer unseen, so only Keycloak's record and
     * the events tell how many were checked.
     */
    @Test
    void aBurstOfWrongPasswordsIsNeverCheckedMoreThanTheRealmAllows() {
        String userId = Customers.add(realm, "burst-password", PASSWORD);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        List<Form> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            answers.add(new Browser(urls.getBase()).open(app.authorizationUrl()).form("kc-form-login")
                    .set("username", "burst-password").set("password", "Not-the-password-" + i));
        }

        List<Page> pages = Burst.submit(answers);

        String invalid = "Invalid username or password. (Error code NSCA-1001)";
        Outcome outcome = outcome("password", userId, pages, Map.of(
                invalid, page -> invalid.equals(page.textOf(PasswordStep.ERROR_ID))), Map.of());
        assertEquals(BURST, outcome.said(invalid), "every answer gets the same words, checked or not: " + outcome);
        assertAtMostTheLimitCheckedByKeycloaksAccount(outcome);
    }

    @Test
    void aBurstOfWrongCodeCardAnswersIsNeverCheckedMoreThanTheRealmAllows() {
        String userId = Customers.add(realm, "burst-card", PASSWORD);
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);
        List<Page> challenges = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            challenges.add(passwordStep("burst-card"));
        }
        // Every sign-in asks the same pending number (CodeCardLoginTest), so one wrong code fits all.
        String wrong = CodeCardStep.wrongCode(card.code(CodeCardStep.askedPosition(challenges.get(0))));

        List<Page> pages = Burst.submit(challenges.stream().map(page -> page.form(CodeCardStep.FORM).set("code", wrong)).toList());

        Outcome outcome = outcome("code card", userId, pages,
                Map.of("wrong", fieldSays(CodeCardStep.ERROR_ID, "codeCardInvalid")),
                Map.of("busy", fieldSays(CodeCardStep.ERROR_ID, "nordicScaAttemptInProgress"),
                        "blocked", page -> LockPage.code(page) != null));
        assertAtMostTheLimitCheckedByEveryAccount(outcome, "wrong");
    }

    /** A mailed card, activated in a sign-in that passed the SMS code (the card step says "not activated" and offers another way). */
    @Test
    void aBurstOfWrongCardActivationsIsNeverCheckedMoreThanTheRealmAllows() {
        String number = "+46701300002";
        String userId = Customers.addWithPhone(realm, "burst-activation", PASSWORD, number);
        CodeCardDesk.Card card = desk().issue(userId, "");
        List<Form> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Page notActivated = passwordStep("burst-activation");
            assertEquals(ENGLISH.text("codeCardNotActivated"), notActivated.textOf("code-card-problem"));
            Page smsPage = AnotherWay.choose(notActivated, ENGLISH.text("nordic-sca-sms-otp-display-name"));
            Page activation = SmsStep.answer(smsPage, lastCode(number));
            // Each sign-in asks its own position: the wrong answer is the right card number with a wrong code for it.
            answers.add(activation.form(CodeCardStep.ACTIVATE_FORM).set("serial", card.serial())
                    .set("code", CodeCardStep.wrongCode(card.code(CodeCardStep.askedActivationPosition(activation)))));
        }

        List<Page> pages = Burst.submit(answers);

        Outcome outcome = outcome("card activation", userId, pages,
                Map.of("wrong", fieldSays(CodeCardStep.ERROR_ID, "codeCardActivateInvalid")),
                Map.of("busy", fieldSays(CodeCardStep.ERROR_ID, "nordicScaAttemptInProgress"),
                        "blocked", page -> LockPage.code(page) != null));
        assertAtMostTheLimitCheckedByEveryAccount(outcome, "wrong");
        assertEquals("ISSUED", desk().cards(userId).get(0).get("status"), "no wrong answer activated the card");
    }

    @Test
    void aBurstOfWrongSmsCodesAtSignInIsNeverCheckedMoreThanTheRealmAllows() {
        String number = "+46701300003";
        String userId = Customers.addWithPhone(realm, "burst-sms", PASSWORD, number);
        List<Page> codePages = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Page codePage = passwordStep("burst-sms");
            assertTrue(SmsStep.isCodePage(codePage), codePage.body());
            codePages.add(codePage);
        }
        String wrong = codeNoneOf(number);

        List<Page> pages = Burst.submit(codePages.stream().map(page -> page.form(SmsStep.FORM).set("code", wrong)).toList());

        assertAtMostTheLimitCheckedByEveryAccount(smsOutcome("SMS sign-in", userId, pages), "wrong");
    }

    @Test
    void aBurstOfWrongSmsCodesWhileRegisteringAPhoneIsNeverCheckedMoreThanTheRealmAllows() {
        String number = "+46701300004";
        bankAllowsSelfRegistration();
        String userId = Customers.add(realm, "burst-register", PASSWORD);
        UserRepresentation user = realm.admin().users().get(userId).toRepresentation();
        user.setRequiredActions(List.of(SmsStep.REGISTER_PHONE));
        realm.admin().users().get(userId).update(user);
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);
        List<Page> codePages = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Page numberPage = CodeCardStep.answerRightly(passwordStep("burst-register"), card);
            Page codePage = numberPage.form("kc-sms-register-form").set("phone", number).submit();
            assertTrue(SmsStep.isCodePage(codePage), codePage.body());
            codePages.add(codePage);
        }
        String wrong = codeNoneOf(number);

        List<Page> pages = Burst.submit(codePages.stream().map(page -> page.form(SmsStep.FORM).set("code", wrong)).toList());

        assertAtMostTheLimitCheckedByEveryAccount(smsOutcome("SMS phone registration", userId, pages), "wrong");
        assertEquals(null, realm.admin().users().get(userId).toRepresentation().firstAttribute("phoneNumber"), "no number was saved");
    }

    /**
     * The self-service unlock of a password locked by wrong passwords is the one path where
     * Keycloak's account lock does not refuse an answer (the SMS code and the card must still be
     * askable), so only our own limits stand there: 20 unlock sessions of a customer whose password
     * and Keycloak account are locked reach the code card step, and 20 wrong numbers arrive at once.
     */
    @Test
    void aBurstOfWrongCodeCardAnswersInTheSelfServiceUnlockIsNeverCheckedMoreThanTheRealmAllows() {
        String number = "+46701300005";
        String userId = Customers.addWithPhone(realm, "burst-unlock", PASSWORD, number);
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        int limit = realm.admin().toRepresentation().getFailureFactor();
        for (int guess = 1; guess <= limit; guess++) {
            PasswordStep.signIn(new Browser(urls.getBase()), app, "burst-unlock", "Not-the-password-" + guess);
            AttackDetection.awaitFailures(realm, userId, guess);
        }
        assertTrue(AttackDetection.locked(AttackDetection.status(realm, userId)), "Keycloak's account lock is on");
        assertEquals("TEMPORARY", LockoutDesk.factor(lockoutDesk().view(userId), "password").get("state"), "and the password's own");
        Before before = before(userId);

        List<Page> cardPages = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Browser browser = new Browser(urls.getBase());
            Element link = browser.open(app.authorizationUrl()).document().select("a[href*=reset-credentials]").first();
            Page smsPage = browser.open(link.absUrl("href")).form("nordic-sca-unlock-form").set("username", "burst-unlock").submit();
            Page cardPage = SmsStep.answer(smsPage, lastCode(number));
            assertTrue(cardPage.textOf("code-card-prompt") != null, "the unlock's card step: " + cardPage.body());
            cardPages.add(cardPage);
        }
        // Every session asks the same pending number, so one wrong code fits all.
        String wrong = CodeCardStep.wrongCode(card.code(CodeCardStep.askedPosition(cardPages.get(0))));

        List<Page> pages = Burst.submit(cardPages.stream().map(page -> page.form(CodeCardStep.FORM).set("code", wrong)).toList());

        Outcome outcome = outcome("code card in the unlock", userId, pages,
                Map.of("wrong", fieldSays(CodeCardStep.ERROR_ID, "codeCardInvalid")),
                Map.of("busy", fieldSays(CodeCardStep.ERROR_ID, "nordicScaAttemptInProgress"),
                        "blocked", page -> LockPage.code(page) != null), before);
        assertAtMostTheLimitCheckedByEveryAccount(outcome, "wrong");
        // Simultaneous wrong answers each write the stored count and the last commit wins, so it may lag behind a burst
        // until the next answer catches it up from the guess slots (GuessBudget); it never runs ahead.
        Map<String, Object> cardLock = LockoutDesk.factor(lockoutDesk().view(userId), "code-card");
        int stored = ((Number) cardLock.get("failures")).intValue();
        assertTrue(stored >= 1 && stored <= outcome.said("wrong"), "the card's stored count, from 1 to the answers looked at: " + cardLock);
        assertEquals("TEMPORARY", LockoutDesk.factor(lockoutDesk().view(userId), "password").get("state"), "nothing was unlocked");
    }

    /**
     * What the burst came to, per account: what the attacker was told (each page matched to one
     * kind of answer, none signed in), Keycloak's failure count, and the realm's wrong-answer events.
     */
    private record Outcome(String factor, int limit, Map<String, Integer> told, List<String> unexpected,
                           int keycloakFailures, long wrongAnswerEvents, Map<String, Long> eventErrors, Map<String, Object> attackDetection) {

        int said(String kind) {
            return told.getOrDefault(kind, 0);
        }

        @Override
        public String toString() {
            return factor + ": told " + told + (unexpected.isEmpty() ? "" : ", unexpected " + unexpected)
                    + "; Keycloak's record counts " + keycloakFailures + " failures; " + wrongAnswerEvents
                    + " wrong-answer events (all event errors " + eventErrors + "); attack detection " + attackDetection;
        }
    }

    /**
     * Sorts the pages by what they tell the attacker ({@code checked}: kinds that mean the answer
     * was looked at; {@code unchecked}: kinds that mean it was not), then waits for Keycloak's
     * record to settle. Every page must be one of the kinds, and none may sign in.
     */
    private Outcome outcome(String factor, String userId, List<Page> pages,
                            Map<String, Function<Page, Boolean>> checked, Map<String, Function<Page, Boolean>> unchecked) {
        return outcome(factor, userId, pages, checked, unchecked, Before.NOTHING);
    }

    /** Keycloak's failure count and the customer's wrong-answer events before the burst (the burst's are counted on top). */
    private record Before(int keycloakFailures, long wrongAnswerEvents) {
        static final Before NOTHING = new Before(0, 0);
    }

    private Before before(String userId) {
        return new Before(AttackDetection.failures(AttackDetection.status(realm, userId)), wrongAnswerEvents(eventErrors(userId)));
    }

    private Outcome outcome(String factor, String userId, List<Page> pages,
                            Map<String, Function<Page, Boolean>> checked, Map<String, Function<Page, Boolean>> unchecked, Before before) {
        Map<String, Integer> told = new java.util.TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        for (Page page : pages) {
            assertEquals(null, page.redirectedAwayTo(), factor + ": a wrong answer signed in");
            String kind = kindOf(page, checked);
            if (kind == null) {
                kind = kindOf(page, unchecked);
            }
            if (kind == null) {
                unexpected.add(page.status() + " " + UiText.of(page));
            } else {
                told.merge(kind, 1, Integer::sum);
            }
        }
        // Keycloak records after the response: wait for the first failure, then a little for the rest.
        AttackDetection.awaitFailures(realm, userId, before.keycloakFailures() + 1);
        sleep(2000);
        Map<String, Object> status = AttackDetection.status(realm, userId);
        Map<String, Long> eventErrors = eventErrors(userId);
        Outcome outcome = new Outcome(factor, realm.admin().toRepresentation().getFailureFactor(), told, unexpected,
                AttackDetection.failures(status) - before.keycloakFailures(), wrongAnswerEvents(eventErrors) - before.wrongAnswerEvents(),
                eventErrors, status);
        System.out.println("[burst] " + outcome);
        return outcome;
    }

    /** The customer's failed events, counted by type and error. */
    private Map<String, Long> eventErrors(String userId) {
        return realm.admin().getEvents(null, null, userId, null, null, null, 0, 500).stream()
                .filter(event -> event.getError() != null)
                .collect(Collectors.groupingBy(event -> event.getType() + ":" + event.getError(), java.util.TreeMap::new, Collectors.counting()));
    }

    private static long wrongAnswerEvents(Map<String, Long> eventErrors) {
        return eventErrors.entrySet().stream().filter(error -> error.getKey().endsWith(":invalid_user_credentials"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String kindOf(Page page, Map<String, Function<Page, Boolean>> kinds) {
        return kinds.entrySet().stream().filter(kind -> kind.getValue().apply(page)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** For a factor of ours: the attacker's count of "wrong", Keycloak's record and the events all agree, and stay within the limit. */
    private static void assertAtMostTheLimitCheckedByEveryAccount(Outcome outcome, String wrongKind) {
        assertTrue(outcome.unexpected().isEmpty(), () -> "every answer is told wrong, busy or blocked: " + outcome);
        int wrong = outcome.said(wrongKind);
        assertTrue(wrong >= 1 && wrong <= outcome.limit(),
                () -> "the attacker was told 'wrong' " + wrong + " times: at most the realm's " + outcome.limit() + " answers may be looked at; " + outcome);
        assertEquals(wrong, outcome.keycloakFailures(), () -> "every answer looked at, and only those, is in Keycloak's record: " + outcome);
        assertEquals(wrong, outcome.wrongAnswerEvents(), () -> "every answer looked at, and only those, is a wrong-answer event: " + outcome);
    }

    /** For the password form, whose words do not tell: Keycloak's record and the events. */
    private static void assertAtMostTheLimitCheckedByKeycloaksAccount(Outcome outcome) {
        assertTrue(outcome.unexpected().isEmpty(), () -> "every answer is refused the same way: " + outcome);
        assertTrue(outcome.wrongAnswerEvents() >= 1 && outcome.wrongAnswerEvents() <= outcome.limit(),
                () -> outcome.wrongAnswerEvents() + " of " + BURST + " simultaneous wrong passwords were checked (invalid_user_credentials events);"
                        + " at most the realm's " + outcome.limit() + " may be; " + outcome);
        assertEquals(outcome.wrongAnswerEvents(), outcome.keycloakFailures(), () -> "every password checked is in Keycloak's record: " + outcome);
    }

    private Outcome smsOutcome(String factor, String userId, List<Page> pages) {
        return outcome(factor, userId, pages,
                Map.of("wrong", fieldSays(SmsStep.ERROR_ID, "smsCodeInvalid", 2)),
                Map.of("busy", fieldSays(SmsStep.ERROR_ID, "nordicScaAttemptInProgress"),
                        "blocked", page -> LockPage.code(page) != null));
    }

    private static Function<Page, Boolean> fieldSays(String id, String key, Object... parameters) {
        String text = ENGLISH.text(key, parameters);
        return page -> text.equals(page.textOf(id));
    }

    private void bankAllowsSelfRegistration() {
        SmsStep.allowPhoneRegistration(realm, SMS_FOR_20_SIGN_INS);
    }

    /** The code of the last SMS to this number (the sign-ins are set up one after another). */
    private static String lastCode(String number) {
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo(number);
        assertTrue(!sent.isEmpty(), "no SMS to " + number);
        return sent.get(sent.size() - 1).code();
    }

    /** A code that none of the SMS to this number carried: wrong for every sign-in of the burst. */
    private static String codeNoneOf(String number) {
        Set<String> sent = TWILIO.sentTo(number).stream().map(TwilioStandIn.Sms::code).collect(Collectors.toCollection(HashSet::new));
        for (int digit = 0; digit <= 9; digit++) {
            String candidate = String.valueOf(digit).repeat(6);
            if (!sent.contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("every repeated-digit code was sent: " + sent);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    private LockoutDesk lockoutDesk() {
        return new LockoutDesk(urls.getBase(), realm.getName(), admin);
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
