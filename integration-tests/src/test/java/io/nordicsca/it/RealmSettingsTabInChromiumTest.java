package io.nordicsca.it;

import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.AdminConsole;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.Screenshots;
import org.junit.jupiter.api.AfterEach;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static io.nordicsca.it.support.AdminConsole.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Realm settings → Nordic SCA in the admin console, in a real browser: a bad schedule refused, a good one stored where the sign-in reads it and shown when the tab is opened again. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class RealmSettingsTabInChromiumTest {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static final String PASSWORD = "Customer-password-1";

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @AfterEach
    void removeTheSettings() {
        realm.admin().components().query(realm.getId(), BankSettings.TAB_PROVIDER)
                .forEach(component -> realm.admin().components().component(component.getId()).remove());
    }

    @Test
    void anAdminSetsTheCodeCardScheduleInTheNordicScaTabAndTheSignInUsesItWhileABadOneIsRefused() throws InterruptedException {
        WebDriver driver = browser.driver();
        AdminConsole.signIn(driver, urls.getBase());
        driver.get(urls.getBase() + "/admin/master/console/#/" + realm.getName() + "/realm-settings/nordic-sca");
        By codeCard = By.cssSelector("input[data-testid='lockoutCodeCard']");
        waitUntil(driver, d -> !d.findElements(codeCard).isEmpty());
        assertTrue(driver.getPageSource().contains("Code card lockout"), "the label in the admin's language");
        assertEquals("5:15m,8:bank", driver.findElement(codeCard).getAttribute("value"), "the default is shown");
        Screenshots.save(driver, "realm-settings-nordic-sca-tab");

        type(driver.findElement(codeCard), "6:15m,8:bank");
        driver.findElement(By.cssSelector("[data-testid='save']")).click();
        waitUntil(driver, d -> d.getPageSource().contains("The Nordic SCA settings cannot be saved"));
        assertTrue(realm.admin().components().query(realm.getId(), BankSettings.TAB_PROVIDER).isEmpty(), "nothing was saved");
        Screenshots.save(driver, "realm-settings-nordic-sca-refused");

        type(driver.findElement(codeCard), "3:1m,5:bank");
        driver.findElement(By.cssSelector("[data-testid='save']")).click();
        waitUntil(driver, d -> !realm.admin().components().query(realm.getId(), BankSettings.TAB_PROVIDER).isEmpty());
        Screenshots.save(driver, "realm-settings-nordic-sca-saved");

        // Opened again within the console (the tab mounts afresh and loads the stored settings), it shows
        // what is stored, not the defaults: otherwise the admin's next save writes the defaults over it.
        driver.get(urls.getBase() + "/admin/master/console/#/" + realm.getName() + "/realm-settings/general");
        waitUntil(driver, d -> d.findElements(codeCard).isEmpty());
        driver.get(urls.getBase() + "/admin/master/console/#/" + realm.getName() + "/realm-settings/nordic-sca");
        waitUntil(driver, d -> !d.findElements(codeCard).isEmpty());
        try {
            waitUntil(driver, d -> "3:1m,5:bank".equals(d.findElement(codeCard).getAttribute("value")));
        } catch (TimeoutException shownSomethingElse) {
            // the assertion below says what the tab shows instead
        }
        Screenshots.save(driver, "realm-settings-nordic-sca-reopened");
        assertEquals("3:1m,5:bank", driver.findElement(codeCard).getAttribute("value"), "the reopened tab shows the stored schedule, not the default");

        // The sign-in reads what the console stored: the third wrong security number now locks the card.
        String userId = Customers.add(realm, "tab-schedule-customer", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        Page page = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "tab-schedule-customer", PASSWORD);
        String right = card.code(CodeCardStep.askedPosition(page));
        String wrong = right.substring(0, right.length() - 1) + (char) ('0' + (right.charAt(right.length() - 1) - '0' + 1) % 10);
        for (int guess = 1; guess <= 3; guess++) {
            page = CodeCardStep.answer(page, wrong);
            Thread.sleep(1200); // past the realm's quick-login check
        }
        assertEquals("TEMPORARY", LockoutDesk.factor(new LockoutDesk(urls.getBase(), realm.getName(), admin).view(userId), "code-card").get("state"),
                "3:1m,5:bank saved in the tab locks the card at the third wrong answer");
    }

    private static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }
}
