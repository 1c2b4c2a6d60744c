package io.nordicsca.it;

import java.time.Duration;
import java.util.Map;

import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Screenshots;
import io.nordicsca.it.support.ThemeMessages;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The waiting page in a real browser, in Finnish: the customer approves on the phone and the page moves on by itself. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppApprovalInChromiumTest {

    private static final String PASSWORD = "Customer-password-1";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void theBrowserContinuesByItselfWhenTheAppApproves() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "app-chromium", PASSWORD).phone();
        ThemeMessages finnish = ThemeMessages.of("fi");

        WebDriver driver = browser.driver();
        driver.get(OidcClient.demo(realm.getBaseUrl()).authorizationUrl(Map.of("ui_locales", "fi")));
        driver.findElement(By.id("username")).sendKeys("app-chromium");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();

        String eventId = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("app-event-id"))).getText();
        assertEquals(finnish.text("appInstructionEnter"), driver.findElement(By.id("app-instruction")).getText());
        Screenshots.save(driver, "app-approval-fi-waiting");

        Challenge challenge = phone.pending().get(0);
        assertEquals("approved", phone.approve(challenge, eventId).result());
        long approvedAt = System.nanoTime();

        // Nobody touches the page: it leaves by itself.
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().startsWith(OidcClient.DEMO_REDIRECT_URI));
        long tookMs = (System.nanoTime() - approvedAt) / 1_000_000;
        assertTrue(driver.getCurrentUrl().contains("code="), driver.getCurrentUrl());
        assertTrue(tookMs < 3000, "the page continued " + tookMs + " ms after the approval");
    }
}
