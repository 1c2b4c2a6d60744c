package io.nordicsca.it;

import io.nordicsca.it.support.AdminConsole;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static io.nordicsca.it.support.AdminConsole.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Realm settings → Nordic SCA in the admin console, in a real browser: a bad schedule refused, a good one stored where the sign-in reads it. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class RealmSettingsTabInChromiumTest {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @AfterEach
    void removeTheSettings() {
        realm.admin().components().query(realm.getId(), RealmSettingsTabTest.TAB_PROVIDER)
                .forEach(component -> realm.admin().components().component(component.getId()).remove());
    }

    @Test
    void anAdminSetsTheCodeCardScheduleInTheNordicScaTabAndABadOneIsRefused() {
        WebDriver driver = browser.driver();
        AdminConsole.signIn(driver, urls.getBase());
        driver.get(urls.getBase() + "/admin/master/console/#/" + realm.getName() + "/realm-settings/nordic-sca");
        By codeCard = By.cssSelector("input[data-testid='lockout.code-card']");
        waitUntil(driver, d -> !d.findElements(codeCard).isEmpty());
        assertTrue(driver.getPageSource().contains("Code card lockout"), "the label in the admin's language");
        assertEquals("5:15m,8:bank", driver.findElement(codeCard).getAttribute("value"), "the default is shown");
        Screenshots.save(driver, "realm-settings-nordic-sca-tab");

        type(driver.findElement(codeCard), "6:15m,8:bank");
        driver.findElement(By.cssSelector("[data-testid='save']")).click();
        waitUntil(driver, d -> d.getPageSource().contains("The Nordic SCA settings cannot be saved"));
        assertTrue(realm.admin().components().query(realm.getId(), RealmSettingsTabTest.TAB_PROVIDER).isEmpty(), "nothing was saved");
        Screenshots.save(driver, "realm-settings-nordic-sca-refused");

        type(driver.findElement(codeCard), "3:1m,5:bank");
        driver.findElement(By.cssSelector("[data-testid='save']")).click();
        waitUntil(driver, d -> !realm.admin().components().query(realm.getId(), RealmSettingsTabTest.TAB_PROVIDER).isEmpty());
        ComponentRepresentation saved = realm.admin().components().query(realm.getId(), RealmSettingsTabTest.TAB_PROVIDER).get(0);
        assertEquals("3:1m,5:bank", saved.getConfig().getFirst("lockout.code-card"), "stored under the key the sign-in reads: " + saved.getConfig());

        driver.navigate().refresh();
        waitUntil(driver, d -> !d.findElements(codeCard).isEmpty() && "3:1m,5:bank".equals(d.findElement(codeCard).getAttribute("value")));
    }

    private static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }
}
