package io.nordicsca.it;

import java.time.Duration;
import java.util.Map;

import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.Screenshots;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a real browser (headless Chromium): the page opens in Nynorsk, the customer picks Danish
 * from the language menu (a script navigates), and the page and the sign-in continue in Danish.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LanguageMenuInChromiumTest {

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void customerSwitchesFromNynorskToDanishAndSignsIn() {
        WebDriver driver = browser.driver();
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        driver.get(app.authorizationUrl(Map.of("ui_locales", "nn")));

        assertEquals(ThemeMessages.of("nn").text("loginAccountTitle"), driver.findElement(By.id("kc-page-title")).getText());
        assertTrue(driver.findElement(By.id("kc-header-wrapper")).isDisplayed());
        Screenshots.save(driver, "login-nn");

        WebElement menu = driver.findElement(By.id("login-select-toggle"));
        new Select(menu).getOptions().stream()
                .filter(option -> option.getAttribute("value").contains("kc_locale=da"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Danish is not in the language menu"))
                .click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> "da".equals(d.findElement(By.tagName("html")).getAttribute("lang")));

        ThemeMessages danish = ThemeMessages.of("da");
        assertEquals(danish.text("loginAccountTitle"), driver.findElement(By.id("kc-page-title")).getText());
        Screenshots.save(driver, "login-da");

        driver.findElement(By.id("username")).sendKeys(DemoRealm.DEMO_USERNAME);
        driver.findElement(By.id("password")).sendKeys("wrong-" + DemoRealm.DEMO_PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.id(PasswordStep.ERROR_ID)).isEmpty());
        assertEquals(danish.text("invalidUserMessage"), driver.findElement(By.id(PasswordStep.ERROR_ID)).getText());
    }
}
