package io.nordicsca.it.support;

import java.time.Duration;
import java.util.function.Function;

import org.keycloak.testframework.config.Config;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Keycloak's admin console in Chromium, as the server's bootstrap admin uses it. */
public final class AdminConsole {

    public static final Duration PATIENCE = Duration.ofSeconds(60); // the console is a large script app; on 2 busy cores its first load can take long

    private AdminConsole() {
    }

    /** Signs in to the admin console of the master realm; afterwards the browser has its sign-in session. */
    public static void signIn(WebDriver driver, String keycloakBaseUrl) {
        driver.get(keycloakBaseUrl + "/realms/master/account"); // any page of the domain, to clear an earlier test's session
        driver.manage().deleteAllCookies();
        driver.get(keycloakBaseUrl + "/admin/master/console/");
        try {
            waitUntil(driver, d -> !d.findElements(By.id("username")).isEmpty());
        } catch (TimeoutException firstLoadStuck) {
            // Seen once in CI on 2 busy cores: the console's script never redirected to its sign-in page. Load it once more.
            driver.get(keycloakBaseUrl + "/admin/master/console/");
            waitUntil(driver, d -> !d.findElements(By.id("username")).isEmpty());
        }
        driver.findElement(By.id("username")).sendKeys(Config.getAdminUsername());
        driver.findElement(By.id("password")).sendKeys(Config.getAdminPassword());
        driver.findElement(By.id("kc-login")).click();
        waitUntil(driver, d -> d.getCurrentUrl().startsWith(keycloakBaseUrl + "/admin/master/console/"));
    }

    /** Waits for a condition on a page that re-renders: an element found a moment ago may be gone, so look again. */
    public static void waitUntil(WebDriver driver, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition::apply);
        } catch (TimeoutException e) {
            // Say what the page showed: a timeout alone does not tell a failed sign-in from a slow script.
            Screenshots.save(driver, "timeout-" + System.currentTimeMillis());
            String shown = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("(no body)");
            throw new TimeoutException("at " + driver.getCurrentUrl() + " the page showed: " + shown, e);
        }
    }
}
