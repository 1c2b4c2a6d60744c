package io.nordicsca.it;

import java.time.Duration;
import java.util.Map;

import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Screenshots;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMS page in a real browser on a phone-sized screen, in Swedish: the "Send a new code"
 * countdown runs (in CSS, no script of ours), the resend brings the same code, and the code signs in.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class SmsInChromiumTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final int COOLDOWN_SECONDS = 4;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void customerWaitsForTheCountdownAsksAgainAndSignsIn() throws InterruptedException {
        SmsStep.configure(realm, Map.of("resendCooldownSeconds", String.valueOf(COOLDOWN_SECONDS)));
        String number = "+46701115001";
        Customers.addWithPhone(realm, "sms-phone-customer", PASSWORD, number);
        ThemeMessages swedish = ThemeMessages.of("sv");

        WebDriver driver = browser.driver();
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(OidcClient.demo(realm.getBaseUrl()).authorizationUrl(Map.of("ui_locales", "sv")));
        driver.findElement(By.id("username")).sendKeys("sms-phone-customer");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();

        WebElement input = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("code")));
        assertEquals("numeric", input.getAttribute("inputmode"));
        assertEquals("one-time-code", input.getAttribute("autocomplete"));
        assertEquals(swedish.text("smsPrompt", "+46•••••••01", 5), driver.findElement(By.id("sms-prompt")).getText());
        JavascriptExecutor page = (JavascriptExecutor) driver;
        assertEquals(0L, ((Number) page.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue(),
                "the page must not scroll sideways on a phone");

        long secondsShown = countdown(page);
        assertTrue(secondsShown >= 2 && secondsShown <= COOLDOWN_SECONDS, "the countdown starts near the cooldown: " + secondsShown);
        assertTrue(resendOpacity(page) < 1, "the resend button looks unavailable during the countdown");
        Screenshots.save(driver, "sms-sv-phone-countdown");
        Thread.sleep(1500);
        assertTrue(countdown(page) < secondsShown, "the countdown counts down");

        new WebDriverWait(driver, Duration.ofSeconds(COOLDOWN_SECONDS + 2)).until(d -> resendOpacity(page) == 1.0);
        assertTrue(!driver.findElement(By.id("sms-resend-wait")).isDisplayed(), "the wait line is gone when the wait is over");
        driver.findElement(By.id("sms-resend")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> TwilioStandIn.shared().sentTo(number).size() == 2);
        String code = TwilioStandIn.shared().sentTo(number).get(0).code();
        assertEquals(code, TwilioStandIn.shared().sentTo(number).get(1).code(), "the resend brings the same code");

        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("code"))).sendKeys(code);
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(OidcClient.DEMO_REDIRECT_URI));
        assertTrue(driver.getCurrentUrl().contains("code="), driver.getCurrentUrl());
    }

    /** The number the countdown shows: the animated CSS property behind the counter. */
    private static long countdown(JavascriptExecutor page) {
        Object value = page.executeScript("return getComputedStyle(document.querySelector('.nordic-sca-countdown'))"
                + ".getPropertyValue('--nordic-sca-seconds');");
        return Long.parseLong(String.valueOf(value).trim());
    }

    private static double resendOpacity(JavascriptExecutor page) {
        return Double.parseDouble(String.valueOf(page.executeScript(
                "return getComputedStyle(document.getElementById('sms-resend')).opacity;")));
    }
}
