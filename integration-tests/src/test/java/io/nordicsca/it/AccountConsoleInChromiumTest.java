package io.nordicsca.it;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.nordicsca.it.support.AccountConsoleTexts;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
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
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's account console (keycloak.v3 under our account theme) in a real browser: a customer picks
 * Norwegian on the sign-in page, signs in with password and code card, and every main page of the console
 * speaks that language, with no text of Keycloak's English account bundles left. Then the same in Nynorsk,
 * Swedish, Finnish and Danish, where Keycloak's own texts and ours (filling its gaps) meet on the same pages.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AccountConsoleInChromiumTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String CUSTOMER = "account-customer";

    /**
     * The console's main pages: path under /account/, the key of its name in the menu, and the key of a text
     * the page draws only once its data has come (so the page is complete when it is read).
     */
    private record ConsolePage(String name, String path, String nameKey, String loadedKey) {
    }

    private static final List<ConsolePage> PAGES = List.of(
            new ConsolePage("personal-info", "", "personalInfo", "firstName"),
            new ConsolePage("signing-in", "account-security/signing-in", "signingIn", "code-card-display-name"),
            new ConsolePage("device-activity", "account-security/device-activity", "deviceActivity", "currentSession"),
            new ConsolePage("applications", "applications", "applications", "client_account-console"));

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver browser;

    @Test
    void consoleSpeaksEveryNordicLanguageWithoutEnglish() {
        String userId = Customers.add(realm, CUSTOMER, PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        WebDriver driver = browser.driver();

        for (String language : List.of("nb", "nn", "sv", "fi", "da")) {
            signIn(driver, language, card);
            for (ConsolePage page : PAGES) {
                open(driver, page.path(), AccountConsoleTexts.shown(language, page.loadedKey()));
                List<String> shown = AccountConsoleTexts.visible(driver);
                Screenshots.save(driver, "account-" + language + "-" + page.name());
                assertEquals(language, driver.findElement(By.tagName("html")).getAttribute("lang"));
                assertTrue(shown.contains(AccountConsoleTexts.shown(language, page.nameKey())),
                        language + " " + page.name() + " lacks " + page.nameKey() + ": " + shown);
                Set<String> english = AccountConsoleTexts.english(shown, language);
                assertEquals(Set.of(), english, language + " " + page.name() + " shows English");
            }
        }
    }

    /**
     * In English the console is Keycloak's own bundle with our credential types beside it; their help text is
     * shown as written: the console does not unescape a MessageFormat '' (the English text has an apostrophe).
     */
    @Test
    void englishConsoleNamesOurCredentialTypes() {
        String username = CUSTOMER + "-english";
        String userId = Customers.add(realm, username, PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        WebDriver driver = browser.driver();
        signIn(driver, "en", card, username);
        open(driver, "", AccountConsoleTexts.keycloaks("en", "firstName"));
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        open(driver, "account-security/signing-in", AccountConsoleTexts.ours("en", "code-card-display-name"));
        Screenshots.save(driver, "account-en-signing-in");
        List<String> shown = AccountConsoleTexts.visible(driver);
        assertTrue(shown.contains(AccountConsoleTexts.ours("en", "app-device-help-text")), "en: " + shown);
    }

    private void signIn(WebDriver driver, String language, CodeCardDesk.Card card) {
        signIn(driver, language, card, CUSTOMER);
    }

    /**
     * As a customer does: opens the console (signing out first through its user menu, if someone is still
     * signed in), picks the language on the sign-in page, then password and code card.
     */
    private void signIn(WebDriver driver, String language, CodeCardDesk.Card card, String username) {
        driver.get(accountUrl(""));
        waitFor(driver, d -> !d.findElements(By.id("login-select-toggle")).isEmpty() || !userMenu(d).isEmpty(),
                "the sign-in page or the console");
        if (!userMenu(driver).isEmpty()) {
            String lang = driver.findElement(By.tagName("html")).getAttribute("lang");
            userMenu(driver).get(0).click();
            waitFor(driver, d -> d.findElement(By.xpath("//*[@role='menuitem'][normalize-space()='"
                    + AccountConsoleTexts.shown(lang, "signOut") + "']")), "the console's sign-out item").click();
        }
        WebElement menu = waitFor(driver, d -> d.findElement(By.id("login-select-toggle")), "the sign-in page");
        new Select(menu).getOptions().stream()
                .filter(option -> option.getAttribute("value").contains("kc_locale=" + language))
                .findFirst()
                .orElseThrow(() -> new AssertionError(language + " is not in the language menu"))
                .click();
        waitFor(driver, d -> language.equals(d.findElement(By.tagName("html")).getAttribute("lang")), "the sign-in page in " + language);
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        WebElement label = waitFor(driver, d -> d.findElement(By.cssSelector("label[for=code]")), "the code card step");
        int position = Integer.parseInt(label.getText().replaceAll("\\D", ""));
        driver.findElement(By.id("code")).sendKeys(card.code(position));
        driver.findElement(By.id("kc-login")).click();
        waitFor(driver, d -> !userMenu(d).isEmpty(), "the console, signed in");
    }

    /** The console's user menu in its header: a toggle named after the customer (Customers.add names everyone Kari Nordmann). */
    private static List<WebElement> userMenu(WebDriver driver) {
        return driver.findElements(By.xpath("//header//button[normalize-space()='Kari Nordmann']"));
    }

    /** Opens a page of the console and waits until it has drawn this text. */
    private void open(WebDriver driver, String path, String text) {
        driver.get(accountUrl(path));
        waitFor(driver, d -> AccountConsoleTexts.visible(d).contains(text), "\"" + text + "\" at /account/" + path);
    }

    private static <T> T waitFor(WebDriver driver, java.util.function.Function<WebDriver, T> condition, String what) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
        } catch (TimeoutException e) {
            Screenshots.save(driver, "account-timeout");
            throw new AssertionError("No " + what + " at " + driver.getCurrentUrl() + "; shown: " + AccountConsoleTexts.visible(driver), e);
        }
    }

    private String accountUrl(String path) {
        return realm.getBaseUrl() + "/account/" + path;
    }
}
