package io.nordicsca.it;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.AppApprovalSettings;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.Axe;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.Gallery;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page gallery and the accessibility check: every page a customer can meet, reached for real
 * in headless Chromium, taken on a phone (390x844) and a desktop (1280x800) in en, sv, fi, nb, nn
 * and da (target/gallery/{lang}/{page}-{phone|desktop}.png), and checked with axe-core at both
 * sizes (target/accessibility/{lang}-{page}.json): no serious or critical WCAG 2.0/2.1 A or AA
 * violation on any of them. A page state is reached once and shown in each language through the
 * language menu; only answers that count (a wrong security number) are given once per language,
 * by as few customers as the locks allow. docs/pages.md shows the English phone pictures.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class PageGalleryInChromiumTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    /** The bank's customer service as the error pages show it (Realm settings → Nordic SCA). */
    private static final Map<String, String> SUPPORT = Map.of("supportPhone", "+46 8 123 456 78", "supportHours", "08–20");
    private static final Pattern FIRST_NUMBER = Pattern.compile("(\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Selenium polls every 500 ms by default; a page on localhost is there sooner. */
    private static final Duration POLL = Duration.ofMillis(50);

    private static Gallery gallery;
    private static long started;
    private static int lastPhone = 10;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    private WebDriver driver;

    @BeforeEach
    void theBanksSettings() {
        driver = browser.driver();
        if (gallery == null) {
            started = System.nanoTime();
            gallery = new Gallery(driver, Axe.load()); // fails, naming scripts/ensure-axe.sh, when axe-core is missing
        }
        mark = gallery.mark();
        SmsStep.configure(realm, Map.of());
        bankSettings(Map.of());
        // The factors' locks are user attributes outside the user profile; the admin may write them (the bank's desk does).
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        realm.admin().users().userProfile().update(profile);
    }

    private int mark;

    @AfterAll
    static void summary() {
        if (gallery != null) {
            System.out.println(gallery.summary());
            System.out.printf("Gallery: %d pages x %d languages x 2 sizes in %d s%n", gallery.pages().size(), Gallery.LANGUAGES.size(),
                    (System.nanoTime() - started) / 1_000_000_000L);
        }
    }

    @Test
    @Order(1)
    void signInAndSelfServiceUnlock() {
        driver.get(OidcClient.demo(realm.getBaseUrl()).authorizationUrl(Map.of("ui_locales", "en")));
        gallery.inEveryLanguage("login", By.id("kc-form-login"));

        click(By.cssSelector("a[href*=reset-credentials]"));
        gallery.inEveryLanguage("unlock-identify", By.id("nordic-sca-unlock-form"));

        String number = phone();
        String userId = Customers.addWithPhone(realm, "gallery-unlock", PASSWORD, number);
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);
        type("username", "gallery-unlock");
        click(By.id("kc-continue"));
        gallery.inEveryLanguage("unlock-sms", By.id("sms-prompt"));

        type("code", lastCode(number));
        click(By.id("kc-login"));
        gallery.inEveryLanguage("unlock-code-card", By.id("code-card-prompt"));

        type("code", card.code(askedPosition()));
        click(By.id("kc-login"));
        gallery.inEveryLanguage("unlock-new-password", By.id("kc-passwd-update-form"));

        assertNoSeriousViolation();
    }

    @Test
    @Order(2)
    void codeCard() throws InterruptedException {
        cardCustomer("gallery-card");
        signIn("gallery-card", "en");
        gallery.inEveryLanguage("code-card", By.id("code-card-prompt"));

        // A wrong answer counts (5 lock the card, and Keycloak refuses two within its 1 s quick-login check):
        // each customer gives three, in three languages, more than a second apart.
        CodeCardDesk.Card wrongCard = null;
        long lastAnswer = 0;
        for (int i = 0; i < Gallery.LANGUAGES.size(); i++) {
            String language = Gallery.LANGUAGES.get(i);
            if (i % 3 == 0) {
                String username = "gallery-card-wrong-" + language;
                wrongCard = desk().issueActivated(Customers.add(realm, username, PASSWORD), 100);
                signIn(username, language);
            } else {
                gallery.language(language);
                Thread.sleep(Math.max(0, lastAnswer + 1200 - System.currentTimeMillis()));
            }
            type("code", CodeCardStep.wrongCode(wrongCard.code(askedPosition())));
            click(By.id("kc-login"));
            lastAnswer = System.currentTimeMillis();
            gallery.take("code-card-wrong", language, By.id(CodeCardStep.ERROR_ID));
        }

        // The bank's schedule "2:bank": the first wrong answer warns that the next one blocks the card.
        bankSettings(Map.of("lockoutCodeCard", "2:bank"));
        try {
            for (String language : Gallery.LANGUAGES) {
                wrongSecurityNumber("gallery-card-last-" + language, language);
                gallery.take("code-card-last-attempt", language, By.id("nordic-sca-warning-notice"));
            }
        } finally {
            bankSettings(Map.of());
        }

        // A cancelled card: the error page with its code and the bank's number.
        String revoked = cardCustomer("gallery-card-revoked");
        assertEquals(204, desk().revoke(revoked).statusCode());
        signIn("gallery-card-revoked", "en");
        gallery.inEveryLanguage("error", By.id("code-card-phone"));

        assertNoSeriousViolation();
    }

    @Test
    @Order(3)
    void lockAndTimeout() throws InterruptedException {
        String locked = cardCustomer("gallery-locked");
        long now = Instant.now().getEpochSecond();
        setLock(locked, "code-card", "TEMPORARY;" + (now + 15 * 60) + ";" + now + ";schedule;", "run1:5");
        signIn("gallery-locked", "en");
        gallery.inEveryLanguage("locked", By.id("nordic-sca-locked-minutes"));

        // "Answer within" 1 s: the page reloaded after 2 s is the timeout page, in each language.
        answerWithin("nordic-sca-code-card", 1);
        try {
            cardCustomer("gallery-timeout");
            signIn("gallery-timeout", "en");
            waitFor(By.id("code-card-prompt"));
            Thread.sleep(2100);
            gallery.inEveryLanguage("timeout", By.id("nordic-sca-timeout"));
        } finally {
            answerWithin("nordic-sca-code-card", null);
        }

        assertNoSeriousViolation();
    }

    @Test
    @Order(4)
    void smsCode() {
        String number = phone();
        Customers.addWithPhone(realm, "gallery-sms", PASSWORD, number);
        signIn("gallery-sms", "en");
        gallery.inEveryLanguage("sms", By.id("sms-prompt"));

        // The demo's limit: 5 SMS per customer in 10 minutes, used up by five sign-ins; the sixth gets none.
        String limited = phone();
        Customers.addWithPhone(realm, "gallery-sms-limit", PASSWORD, limited);
        for (int signIn = 1; signIn <= 5; signIn++) {
            assertTrue(SmsStep.isCodePage(PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()),
                    "gallery-sms-limit", PASSWORD)), "SMS " + signIn + " of the limit is sent");
        }
        assertEquals(5, TWILIO.sentTo(limited).size());
        signIn("gallery-sms-limit", "en");
        gallery.inEveryLanguage("sms-problem", By.id("kc-sms-retry-form"));
        assertEquals(5, TWILIO.sentTo(limited).size(), "the limit page sends nothing, in any language");

        assertNoSeriousViolation();
    }

    @Test
    @Order(5)
    void registerPhoneAndActivateCard() {
        bankAllowsSelfRegistration();
        realm.addUser(UserBuilder.create("gallery-register").enabled(true).password(PASSWORD).name("Kari", "Nordmann")
                .email("gallery-register@nordic-bank.example").emailVerified(true).requiredActions(SmsStep.REGISTER_PHONE));
        CodeCardDesk.Card card = desk().issueActivated(userId("gallery-register"), 100);
        signIn("gallery-register", "en");
        type("code", card.code(askedPosition()));
        click(By.id("kc-login"));
        gallery.inEveryLanguage("sms-register", By.id("kc-sms-register-form"));

        String number = phone();
        type("phone", number);
        click(By.id("kc-send"));
        gallery.inEveryLanguage("sms-register-code", By.id("sms-change-number"));

        // A mailed card is activated after another strong factor: here the SMS code, chosen with "Try another way".
        String activating = phone();
        String userId = Customers.addWithPhone(realm, "gallery-activate", PASSWORD, activating);
        desk().issue(userId, "");
        signIn("gallery-activate", "en");
        waitFor(By.id("code-card-notice"));
        click(By.id("try-another-way"));
        gallery.inEveryLanguage("another-way", By.cssSelector("form#kc-select-credential-form"));
        gallery.language("en");
        click(By.xpath("//div[@role='button'][.//h2[normalize-space()='" + ENGLISH.text("nordic-sca-sms-otp-display-name") + "']]"));
        type("code", lastCode(activating));
        click(By.id("kc-login"));
        gallery.inEveryLanguage("code-card-activate", By.id("kc-code-card-activate-form"));

        assertNoSeriousViolation();
    }

    @Test
    @Order(6)
    void appApproval() {
        try {
            for (String mode : List.of("enter", "select", "compare")) {
                AppApprovalSettings.set(realm, Map.of("mode", mode));
                AppCustomers.add(realm, admin, urls.getBase(), "gallery-app-" + mode, PASSWORD);
                signIn("gallery-app-" + mode, "en");
                gallery.inEveryLanguage("enter".equals(mode) ? "app-waiting" : "app-waiting-" + mode, By.id("app-event-id"));
            }
        } finally {
            AppApprovalSettings.set(realm, Map.of());
        }

        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "gallery-app-declined", PASSWORD).phone();
        signIn("gallery-app-declined", "en");
        waitFor(By.id("app-event-id"));
        assertEquals("denied", phone.deny(phone.pending().get(0)).result());
        waitFor(By.id("app-retry")); // the page moves on by itself
        gallery.inEveryLanguage("app-problem", By.id("app-retry"));

        realm.addUser(UserBuilder.create("gallery-app-enroll").enabled(true).password(PASSWORD).name("Kari", "Nordmann")
                .email("gallery-app-enroll@nordic-bank.example").emailVerified(true).requiredActions(AppCustomers.ENROLL_ACTION));
        CodeCardDesk.Card card = desk().issueActivated(userId("gallery-app-enroll"), 100);
        signIn("gallery-app-enroll", "en");
        type("code", card.code(askedPosition()));
        click(By.id("kc-login"));
        gallery.inEveryLanguage("app-enroll", By.id("app-enroll-qr"));

        assertNoSeriousViolation();
    }

    // ---- the customer's way through the pages, in Chromium

    /** A new sign-in (no cookies of the one before) in this language, up to the page after the password. */
    private void signIn(String username, String language) {
        if (driver.getCurrentUrl().startsWith(urls.getBase())) {
            driver.manage().deleteAllCookies();
        }
        driver.get(OidcClient.demo(realm.getBaseUrl()).authorizationUrl(Map.of("ui_locales", language)));
        type("username", username);
        type("password", PASSWORD);
        click(By.id("kc-login"));
    }

    /** Signs in and answers the code card with a wrong security number, in this language, as a new customer. */
    private void wrongSecurityNumber(String username, String language) {
        CodeCardDesk.Card card = desk().issueActivated(Customers.add(realm, username, PASSWORD), 100);
        signIn(username, language);
        type("code", CodeCardStep.wrongCode(card.code(askedPosition())));
        click(By.id("kc-login"));
    }

    private void type(String id, String text) {
        WebElement field = waitFor(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks and waits until the next page replaced this one. */
    private void click(By target) {
        WebElement page = driver.findElement(By.tagName("html"));
        waitFor(target).click();
        new WebDriverWait(driver, WAIT, POLL).until(ExpectedConditions.stalenessOf(page));
    }

    private WebElement waitFor(By target) {
        try {
            return new WebDriverWait(driver, WAIT, POLL).until(d -> d.findElement(target));
        } catch (RuntimeException e) {
            throw new AssertionError("Expected " + target + " on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
    }

    /** The position the code card page asks for, from its prompt ("Enter security number 23 ..."). */
    private int askedPosition() {
        Matcher number = FIRST_NUMBER.matcher(waitFor(By.id("code-card-prompt")).getText());
        assertTrue(number.find(), "a position in the prompt");
        return Integer.parseInt(number.group(1));
    }

    private String lastCode(String number) {
        new WebDriverWait(driver, WAIT, POLL).until(d -> !TWILIO.sentTo(number).isEmpty());
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo(number);
        return sent.get(sent.size() - 1).code();
    }

    private void assertNoSeriousViolation() {
        // Into this test's output, and so into its Surefire report: the table of the pages it took.
        System.out.println(gallery.summary(mark));
        System.out.printf("Gallery so far: %d pages in %d s%n", gallery.pages().size(), (System.nanoTime() - started) / 1_000_000_000L);
        List<String> refused = gallery.refusedSince(mark);
        assertEquals(List.of(), refused, "serious or critical accessibility violations (axe-core; details in target/accessibility):\n"
                + String.join("\n", refused));
    }

    // ---- the bank's side: customers and settings, through the admin API

    private String cardCustomer(String username) {
        String userId = Customers.add(realm, username, PASSWORD);
        desk().issueActivated(userId, 100);
        return userId;
    }

    private static String phone() {
        return "+467019900" + (lastPhone++);
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }

    /** Realm settings → Nordic SCA: the bank's support contact, and these settings. */
    private void bankSettings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(SUPPORT);
        all.putAll(values);
        BankSettings.save(realm.admin(), realm.getId(), all);
    }

    /** Sets a factor's lock as the schedule leaves it (user attributes nordic-sca.lock.{factor}). */
    private void setLock(String userId, String factor, String lock, String failures) {
        UserRepresentation user = realm.admin().users().get(userId).toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(user.getAttributes() == null ? Map.of() : user.getAttributes());
        attributes.put("nordic-sca.lock." + factor, List.of(lock));
        attributes.put("nordic-sca.lock." + factor + ".failures", List.of(failures));
        user.setAttributes(attributes);
        realm.admin().users().get(userId).update(user);
    }

    /** The step's "answer within" in the demo's second-factor flow; null restores the shipped settings. */
    private void answerWithin(String providerId, Integer seconds) {
        DemoRealm.configureStep(realm.admin(), providerId, seconds == null ? Map.of() : Map.of("answerWithinSeconds", String.valueOf(seconds)));
    }

    /** The bank lets customers register a number (off in the demo), codes through the Twilio stand-in. */
    private void bankAllowsSelfRegistration() {
        SmsStep.allowPhoneRegistration(realm, Map.of());
    }
}
