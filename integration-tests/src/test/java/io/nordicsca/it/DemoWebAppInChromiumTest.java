package io.nordicsca.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.nordicsca.demoweb.Config;
import io.nordicsca.demoweb.DemoWebApp;
import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.companion.Payment;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Screenshots;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo bank's web app (demo-web/, started here in this JVM on http://localhost:3000 as
 * {@code ./demo.sh} starts it) against the test server's nordic-bank realm, in Chromium: a customer
 * signs in and sees the level, methods and time Keycloak reports; the app and Keycloak's pages speak
 * the language chosen in the app; a payment steps up with the amount and payee linked to the SMS code
 * or to the app's approval (the companion app plays the phone) and the page shows the approved transaction.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class DemoWebAppInChromiumTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** One app for the class: every test uses the same realm, and port 3000 is what the realm's client allows. */
    private static DemoWebApp app;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @BeforeEach
    void startTheWebApp() throws IOException {
        if (app == null) {
            app = DemoWebApp.start(new Config(realm.getBaseUrl(), OidcClient.DEMO_CLIENT_ID, Config.DEFAULT_PORT));
        }
        SmsStep.configure(realm, Map.of());
    }

    @AfterAll
    static void stopTheWebApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Test
    void theCustomerSignsInAndSeesLevelMethodsAndTime() {
        String number = "+46701115301";
        Customers.addWithPhone(realm, "web-app-customer", PASSWORD, number);
        WebDriver driver = browser.driver();
        Instant before = Instant.now().minusSeconds(1);

        signInWithSms(driver, "en", "web-app-customer", number);

        WebElement signedIn = driver.findElement(By.id("signed-in"));
        assertEquals("Kari Nordmann", signedIn.findElement(By.cssSelector("dd.name")).getText());
        assertEquals("web-app-customer", signedIn.findElement(By.cssSelector("dd.username")).getText());
        assertEquals("urn:nordic-sca:loa:sca", signedIn.findElement(By.cssSelector("dd.acr code")).getText());
        List<String> amr = signedIn.findElements(By.cssSelector("dd.amr code")).stream().map(WebElement::getText).toList();
        assertTrue(amr.contains("sms"), "amr names the SMS code: " + amr);
        Instant authTime = Instant.parse(signedIn.findElement(By.cssSelector("dd.auth-time time")).getAttribute("datetime"));
        assertTrue(!authTime.isBefore(before.minusSeconds(1)) && !authTime.isAfter(Instant.now()),
                "auth_time is this sign-in's: " + authTime + " (test started " + before + ")");
        assertTrue(!signedIn.findElement(By.cssSelector("dd.auth-time")).getText().isBlank(), "the time is shown as a date and time");
        assertEquals(realm.getBaseUrl(), signedIn.findElement(By.cssSelector("dd.issuer")).getText());
        List<String> checks = signedIn.findElements(By.cssSelector("ul.checks li")).stream().map(WebElement::getText).toList();
        assertTrue(checks.contains(webAppText("en", "check.nonce")), checks.toString());
        assertTrue(checks.contains(webAppText("en", "check.level").replace("{0}", "urn:nordic-sca:loa:sca")
                .replace("{1}", "urn:nordic-sca:loa:sca")), checks.toString());
        Screenshots.save(driver, "demo-web-en-signed-in");
    }

    @Test
    void theLanguageChosenInTheAppIsKeycloaksToo() {
        WebDriver driver = browser.driver();
        driver.get(app.url() + "?lang=nn");
        assertEquals("nn", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals(webAppText("nn", "home.title"), driver.findElement(By.tagName("h1")).getText());
        assertEquals(webAppText("nn", "signIn.button"), driver.findElement(By.id("sign-in")).getText());
        Screenshots.save(driver, "demo-web-nn-home");

        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("username")));
        assertEquals(ThemeMessages.of("nn").text("loginAccountTitle"), driver.findElement(By.id("kc-page-title")).getText());
    }

    /**
     * Needs the issue 13 payment branch (payment_initiation processor, SMS linking) and the ladder
     * (the level sca-linked subflow): the customer signed in at sca pays; Keycloak asks only for the
     * SMS code that names amount and payee; the page shows the approved authorization_details.
     */
    @Test
    void thePaymentStepsUpWithTheSmsCodeAndThePageShowsTheApprovedTransaction() {
        String number = "+46701115302";
        Customers.addWithPhone(realm, "web-app-payer", PASSWORD, number);
        WebDriver driver = browser.driver();
        signInWithSms(driver, "en", "web-app-payer", number);
        int smsBefore = TwilioStandIn.shared().sentTo(number).size();

        driver.findElement(By.id("pay")).click();
        // Step-up: no password again, only the linked code.
        WebElement code = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("code")));
        assertTrue(driver.findElements(By.id("password")).isEmpty(), "step-up asks only for what is missing");
        assertTrue(driver.getPageSource().contains("Nordic Power Oy"), "the SMS page names the payee");
        new WebDriverWait(driver, WAIT).until(d -> TwilioStandIn.shared().sentTo(number).size() == smsBefore + 1);
        TwilioStandIn.Sms sms = TwilioStandIn.shared().sentTo(number).get(smsBefore);
        assertTrue(sms.body().contains("Nordic Power Oy"), "the SMS names the payee: " + sms.body());
        Screenshots.save(driver, "demo-web-en-payment-sms");
        code.sendKeys(sms.code());
        driver.findElement(By.id("kc-login")).click();

        WebElement approved = awaitTheWebApp(driver, "payment-approved");
        assertEquals("urn:nordic-sca:loa:sca-linked", approved.findElement(By.cssSelector("dd.acr code")).getText());
        String details = approved.findElement(By.id("authorization-details")).getText();
        assertTrue(details.contains("\"type\" : \"payment_initiation\"") && details.contains("\"amount\" : \"1250.00\"")
                && details.contains("\"creditorName\" : \"Nordic Power Oy\"") && details.contains("\"iban\" : \"FI2112345600000785\""), details);
        List<String> checks = approved.findElements(By.cssSelector("ul.checks li")).stream().map(WebElement::getText).toList();
        assertTrue(checks.contains(webAppText("en", "check.payment")), checks.toString());
        Screenshots.save(driver, "demo-web-en-payment-approved");
    }

    /**
     * As above with the bank's app (the companion plays the phone): the step-up asks the app, which is
     * shown amount and payee and signs their hash; the browser continues by itself.
     */
    @Test
    void thePaymentStepsUpWithTheAppAndThePageShowsTheApprovedTransaction() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "web-app-app-payer", PASSWORD).phone();
        WebDriver driver = browser.driver();
        driver.get(app.url() + "?lang=sv");
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("username"))).sendKeys("web-app-app-payer");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        approveInTheApp(driver, phone, null);
        WebElement signedIn = awaitTheWebApp(driver, "signed-in");
        assertEquals("urn:nordic-sca:loa:sca", signedIn.findElement(By.cssSelector("dd.acr code")).getText());

        driver.findElement(By.id("pay")).click();
        Payment payment = approveInTheApp(driver, phone, "Nordic Power Oy");
        assertEquals("1250.00", payment.amount());
        assertEquals("Nordic Power Oy", payment.payeeName());

        WebElement approved = awaitTheWebApp(driver, "payment-approved");
        assertEquals("urn:nordic-sca:loa:sca-linked", approved.findElement(By.cssSelector("dd.acr code")).getText());
        List<String> amr = approved.findElements(By.cssSelector("dd.amr code")).stream().map(WebElement::getText).toList();
        assertTrue(amr.contains("swk"), "amr names the app: " + amr);
        assertTrue(approved.findElement(By.id("authorization-details")).getText().contains("\"creditorName\" : \"Nordic Power Oy\""));
        assertEquals(webAppText("sv", "payment.heading"), approved.findElement(By.tagName("h2")).getText());
        Screenshots.save(driver, "demo-web-sv-payment-approved");
    }

    /**
     * Waits for the app's waiting page, approves the app's pending request with the event ID it shows
     * (the companion checks a payment's hash before it signs), and returns the payment the app was shown.
     */
    private static Payment approveInTheApp(WebDriver driver, DeviceClient phone, String payeeOnThePage) {
        String eventId = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("app-event-id"))).getText();
        if (payeeOnThePage != null) {
            assertTrue(driver.findElement(By.id("app-payment")).getText().contains(payeeOnThePage), "the page names the payee");
        }
        Challenge challenge = phone.pending().get(0);
        assertEquals("approved", phone.approve(challenge, eventId).result());
        return challenge.payment();
    }

    /** Opens the web app in this language, presses "Sign in", and signs in with password and SMS code. */
    private void signInWithSms(WebDriver driver, String language, String username, String number) {
        int smsBefore = TwilioStandIn.shared().sentTo(number).size();
        driver.get(app.url() + "?lang=" + language);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        WebElement code = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("code")));
        new WebDriverWait(driver, WAIT).until(d -> TwilioStandIn.shared().sentTo(number).size() == smsBefore + 1);
        code.sendKeys(TwilioStandIn.shared().sentTo(number).get(smsBefore).code());
        driver.findElement(By.id("kc-login")).click();
        awaitTheWebApp(driver, "signed-in");
    }

    /** Waits until the web app shows this section; fails with what the browser shows instead (the app's error, or a Keycloak page). */
    private static WebElement awaitTheWebApp(WebDriver driver, String sectionId) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.id(sectionId)).isEmpty() || !d.findElements(By.id("error")).isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("The web app did not show " + sectionId + "; the browser is at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
        if (driver.findElements(By.id(sectionId)).isEmpty()) {
            throw new AssertionError("The web app shows an error: " + driver.findElement(By.id("error")).getText());
        }
        return driver.findElement(By.id(sectionId));
    }

    /** A text of the web app's own bundle, as the page must show it. */
    private static String webAppText(String language, String key) {
        String resource = "/io/nordicsca/demoweb/messages_" + language + ".properties";
        try (InputStream in = DemoWebApp.class.getResourceAsStream(resource)) {
            Properties texts = new Properties();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts.getProperty(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
