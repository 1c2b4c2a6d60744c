package io.nordicsca.it;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.demoweb.Config;
import io.nordicsca.demoweb.DemoWebApp;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Screenshots;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo web app's call-centre page (started here on http://localhost:3000, the realm's
 * {@code jwks.url} for the client nordic-bank-call-centre) against the test server's nordic-bank
 * realm, in Chromium: the agent types the caller's user code, the page shows the event ID to read
 * out, the customer approves with it in the app (the companion plays the phone), and the page shows
 * who was identified, at the level of an identification with the app.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CallCentreDemoInChromiumTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One app for the class: port 3000 is where the realm's call-centre client has its keys. */
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
    }

    @AfterAll
    static void stopTheWebApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Test
    void theAgentReadsOutTheEventIdTheCustomerApprovesInTheAppAndThePageNamesThem() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "call-centre-caller", PASSWORD).phone();
        WebDriver driver = browser.driver();
        driver.get(app.url() + "call-centre?lang=en");
        driver.findElement(By.id("user-code")).sendKeys("call-centre-caller");
        driver.findElement(By.id("identify")).click();

        awaitThePage(driver, "event-id");
        // The waiting page reloads itself every few seconds: read the ID afresh after a reload.
        String eventId = new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("event-id")).getText());
        assertTrue(eventId.matches("[ACDEFHJKMNPQRTUVWXY3479]{4}"), eventId);
        Screenshots.save(driver, "demo-web-en-call-centre-event-id");
        Challenge challenge = new WebDriverWait(driver, WAIT).until(d -> phone.pending().stream().findFirst().orElse(null));
        assertEquals("approved", phone.approve(challenge, eventId).result());

        WebElement identified = awaitThePage(driver, "identified");
        assertEquals("Kari Nordmann", identified.findElement(By.cssSelector("dd.name")).getText());
        assertEquals("call-centre-caller", identified.findElement(By.cssSelector("dd.username")).getText());
        assertEquals("urn:nordic-sca:loa:app", identified.findElement(By.cssSelector("dd.acr code")).getText());
        List<String> amr = identified.findElements(By.cssSelector("dd.amr code")).stream().map(WebElement::getText).toList();
        assertTrue(amr.contains("swk"), "amr names the app: " + amr);
        Screenshots.save(driver, "demo-web-en-call-centre-identified");
    }

    /** Waits (the page reloads itself) until it shows this element; fails with how the identification ended instead. */
    private static WebElement awaitThePage(WebDriver driver, String id) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.id(id)).isEmpty() || !d.findElements(By.id("call-ended")).isEmpty()
                    || !d.findElements(By.id("error")).isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("The call-centre page did not show " + id + "; the browser is at " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
        if (driver.findElements(By.id(id)).isEmpty()) {
            throw new AssertionError("The call-centre page did not show " + id + ":\n" + driver.findElement(By.tagName("main")).getText());
        }
        return driver.findElement(By.id(id));
    }
}
