package io.nordicsca.it;

import java.util.Map;

import io.nordicsca.it.support.AdminConsole;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.Screenshots;
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

import static io.nordicsca.it.support.AdminConsole.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The desk page in a real browser, behind the admin console's own sign-in: an admin signs in to the
 * admin console, opens the customer at the desk, sees the locks and unlocks the code card with a reason.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LockoutDeskInChromiumTest {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void anAdminSignedInToTheAdminConsoleOpensTheCustomerSeesTheLockAndUnlocksTheCodeCardWithAReason() {
        String userId = Customers.add(realm, "desk-in-chromium", "Customer-password-1");
        LockoutDesk desk = new LockoutDesk(urls.getBase(), realm.getName(), admin);
        desk.lock(userId, "code-card", "Card reported lost");
        Map<String, Object> texts = texts("en");

        WebDriver driver = browser.driver();
        AdminConsole.signIn(driver, urls.getBase());

        driver.get(urls.getBase() + "/realms/master/nordic-sca-desk/#/" + realm.getName());
        waitUntil(driver, d -> d.findElement(By.id("desk-search-button")).getText().equals(texts.get("nordicScaDesk.searchButton")));
        driver.findElement(By.id("desk-query")).sendKeys("desk-in-chromium");
        driver.findElement(By.id("desk-search-button")).click();
        waitUntil(driver, d -> !d.findElements(By.cssSelector("#desk-results a")).isEmpty());
        driver.findElement(By.cssSelector("#desk-results a")).click();

        By cardState = By.cssSelector("tr[data-factor='code-card'] td.state");
        waitUntil(driver, d -> !d.findElements(cardState).isEmpty());
        assertEquals(texts.get("nordicScaDesk.state.BANK"), driver.findElement(cardState).getText());
        assertEquals("Card reported lost", driver.findElement(By.cssSelector("tr[data-factor='code-card'] td.reason")).getText());
        assertEquals(texts.get("nordicScaDesk.state.OPEN"), driver.findElement(By.cssSelector("tr[data-factor='password'] td.state")).getText());
        Screenshots.save(driver, "desk-locked-code-card");

        driver.findElement(By.cssSelector("button[data-action='unlock'][data-factor='code-card']")).click();
        driver.findElement(By.id("desk-reason")).sendKeys("Customer found the card; identity checked by phone");
        driver.findElement(By.id("desk-confirm")).click();
        waitUntil(driver, d -> d.findElement(cardState).getText().equals(texts.get("nordicScaDesk.state.OPEN")));
        assertEquals(String.valueOf(texts.get("nordicScaDesk.done.unlock")).replace("{0}", String.valueOf(texts.get("nordicScaDesk.factor.code-card"))),
                driver.findElement(By.id("desk-message")).getText());
        Screenshots.save(driver, "desk-unlocked-code-card");

        Map<String, Object> codeCard = LockoutDesk.factor(desk.view(userId), "code-card");
        assertEquals("OPEN", codeCard.get("state"), "the REST view agrees with the page");
    }

    @Test
    void withoutTheAdminConsolesSignInTheDeskShowsNothingButTheWayToSignIn() {
        Map<String, Object> texts = texts("en");
        WebDriver driver = signedOut();
        driver.get(urls.getBase() + "/realms/master/nordic-sca-desk/#/" + realm.getName());
        waitUntil(driver, d -> !d.findElements(By.id("desk-sign-in")).isEmpty());
        assertEquals(texts.get("nordicScaDesk.signInLink"), driver.findElement(By.id("desk-sign-in")).getText());
        assertEquals(urls.getBase() + "/admin/master/console/", driver.findElement(By.id("desk-sign-in")).getAttribute("href"));
        assertEquals(true, driver.findElement(By.id("desk-user")).getAttribute("hidden") != null, "no customer data without a sign-in");
    }

    /** The browser without the admin console's session cookies from an earlier test. */
    private WebDriver signedOut() {
        WebDriver driver = browser.driver();
        driver.get(urls.getBase() + "/realms/master/nordic-sca-desk/texts");
        driver.manage().deleteAllCookies();
        return driver;
    }

    private Map<String, Object> texts(String locale) {
        return LockoutDesk.pageTexts(urls.getBase(), locale);
    }
}
