package io.nordicsca.it;

import java.time.Duration;
import java.util.Map;

import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.Customers;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code card page in a real browser on a phone-sized screen, in Nynorsk: typed in, signed in. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CodeCardInChromiumTest {

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
    void customerTypesTheSecurityNumberOnAPhone() {
        String userId = Customers.add(realm, "phone-customer", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        WebDriver driver = browser.driver();
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(OidcClient.demo(realm.getBaseUrl()).authorizationUrl(Map.of("ui_locales", "nn")));
        driver.findElement(By.id("username")).sendKeys("phone-customer");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();

        WebElement input = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("code")));
        assertEquals("numeric", input.getAttribute("inputmode"));
        assertEquals("one-time-code", input.getAttribute("autocomplete"));
        WebElement label = driver.findElement(By.cssSelector("label[for=code]"));
        int position = Integer.parseInt(label.getText().replaceAll("\\D", ""));
        assertEquals(ThemeMessages.of("nn").text("codeCardInputLabel", position), label.getText());
        assertTrue(input.getRect().getWidth() > 250, "the field uses the phone's width: " + input.getRect().getWidth());
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "the page must not scroll sideways on a phone");
        Screenshots.save(driver, "code-card-nn-phone");

        input.sendKeys("1");
        driver.findElement(By.id("kc-login")).click();
        WebElement error = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("input-error-code")));
        assertEquals(ThemeMessages.of("nn").text("codeCardWrongLength", 6), error.getText());
        assertEquals("true", driver.findElement(By.id("code")).getAttribute("aria-invalid"));
        Screenshots.save(driver, "code-card-nn-phone-error");

        driver.findElement(By.id("code")).sendKeys(card.code(position));
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().startsWith(OidcClient.DEMO_REDIRECT_URI));
        assertTrue(driver.getCurrentUrl().contains("code="), driver.getCurrentUrl());
    }
}
