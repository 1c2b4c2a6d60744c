package io.nordicsca.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page gallery: each page a customer can meet, taken on a phone and on a desktop screen in each
 * of the six languages (target/gallery/{lang}/{page}-{phone|desktop}.png), and checked with axe-core
 * (target/accessibility/{lang}-{page}.json): on the phone in every language, and on the desktop too in
 * English (the layout changes with the size, the words with the language). The language is switched the way a
 * customer switches it: the login pages' language menu (Keycloak's kc_locale link), which shows
 * the same step again in the new language.
 */
public final class Gallery {

    public static final List<String> LANGUAGES = List.of("en", "sv", "fi", "nb", "nn", "da");

    /** A screen size: a phone (iPhone 12 to 15 CSS pixels) and a common laptop. */
    public record Screen(String name, int width, int height) {
    }

    public static final Screen PHONE = new Screen("phone", 390, 844);
    public static final Screen DESKTOP = new Screen("desktop", 1280, 800);
    private static final List<Screen> SCREENS = List.of(PHONE, DESKTOP);
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Selenium polls every 500 ms by default; a page on localhost is there sooner. */
    private static final Duration POLL = Duration.ofMillis(50);

    /** One page in one language: what axe found at each screen size it ran at. */
    public record Taken(String page, String language, Map<String, Axe.Result> bySize) {

        List<String> refused() {
            List<String> refused = new ArrayList<>();
            bySize.forEach((size, result) -> result.violations().stream().filter(Axe.Violation::refused)
                    .forEach(violation -> refused.add(page + " " + language + " " + size + ": " + violation)));
            return refused;
        }
    }

    private final WebDriver driver;
    private final Axe axe;
    private final Path pictures = Path.of("target", "gallery");
    private final Path reports = Path.of("target", "accessibility");
    private final List<Taken> taken = new ArrayList<>();

    public Gallery(WebDriver driver, Axe axe) {
        this.driver = driver;
        this.axe = axe;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    /** The page now shown, in each language in turn (through the language menu), taken in each. */
    public void inEveryLanguage(String page, By shows) {
        for (String language : LANGUAGES) {
            language(language);
            take(page, language, shows);
        }
    }

    /** Chooses this language in the page's language menu, as a customer does. */
    public void language(String language) {
        Object url = ((JavascriptExecutor) driver).executeScript("""
                var menu = document.getElementById('login-select-toggle');
                if (!menu) { return null; }
                for (var i = 0; i < menu.options.length; i++) {
                    if (new RegExp('[?&]kc_locale=' + arguments[0] + '(&|$)').test(menu.options[i].value)) { return new URL(menu.options[i].value, document.baseURI).href; }
                }
                return null;
                """, language);
        if (url == null) {
            throw new AssertionError("No " + language + " in the language menu of " + driver.getCurrentUrl() + ":\n" + driver.getPageSource());
        }
        driver.get(String.valueOf(url));
        waitForLanguage(language);
    }

    /** Waits until the page is in this language and shows this element. */
    public void waitFor(String language, By shows) {
        waitForLanguage(language);
        try {
            new WebDriverWait(driver, WAIT, POLL).until(d -> !d.findElements(shows).isEmpty());
        } catch (RuntimeException e) {
            throw new AssertionError("Expected " + shows + " on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
    }

    private void waitForLanguage(String language) {
        try {
            new WebDriverWait(driver, WAIT, POLL).until(d -> language.equals(d.findElement(By.tagName("html")).getAttribute("lang"))
                    && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState;")));
        } catch (RuntimeException e) {
            throw new AssertionError("Expected a page in " + language + " at " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
    }

    /** Takes the page now shown, which must be in this language and show this element: two pictures, two checks. */
    public void take(String page, String language, By shows) {
        waitFor(language, shows);
        Map<String, Axe.Result> bySize = new LinkedHashMap<>();
        for (Screen screen : SCREENS) {
            show(screen);
            save(pictures.resolve(language).resolve(page + "-" + screen.name() + ".png"), picture(screen));
            // Layout changes with the size, words with the language: both sizes in English, the phone in every language.
            if (screen == PHONE || language.equals(LANGUAGES.get(0))) {
                bySize.put(screen.name(), axe.check(driver));
            }
        }
        cdp("Emulation.clearDeviceMetricsOverride", Map.of()); // the browser is shared: later tests size its window themselves
        Taken done = new Taken(page, language, bySize);
        taken.add(done);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("page", page);
        report.put("language", language);
        report.put("url", driver.getCurrentUrl());
        report.put("tags", Axe.TAGS);
        bySize.forEach((size, result) -> report.put(size, result.raw()));
        try {
            save(reports.resolve(language + "-" + page + ".json"), JsonSerialization.writeValueAsPrettyString(report).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Chromium lays the page out for this screen: the viewport's CSS size exactly (a phone as a
     * mobile viewport, as Chrome's device mode does), whatever the headless window's own size.
     */
    private void show(Screen screen) {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width(), "height", screen.height(),
                "deviceScaleFactor", 1, "mobile", screen == PHONE));
    }

    /** The phone's picture is the whole page at the phone's width, so nothing below the fold is missing; the desktop's is the screen. */
    private byte[] picture(Screen screen) {
        if (screen != PHONE) {
            return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        }
        Object height = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", screen.width(),
                "height", Math.max(screen.height(), ((Number) height).intValue()), "scale", 1);
        Map<String, Object> shot = cdp("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    private Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        if (!(driver instanceof HasCdp chromium)) {
            throw new AssertionError("The gallery needs Chromium's DevTools protocol; the driver is " + driver.getClass());
        }
        return chromium.executeCdpCommand(command, parameters);
    }

    /** How many page states were taken so far, for {@link #refusedSince}. */
    public int mark() {
        return taken.size();
    }

    /** Every serious or critical violation on the pages taken since {@code mark}; one line each. */
    public List<String> refusedSince(int mark) {
        return taken.subList(mark, taken.size()).stream().flatMap(t -> t.refused().stream()).toList();
    }

    /** The pages taken, in order, each once. */
    public Set<String> pages() {
        return taken.stream().map(Taken::page).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * A table for the test's output (and so the Surefire report): per page and language, the
     * number of violations at both sizes ("-" none; "!" when one is serious or critical), then
     * the rules each page breaks.
     */
    public String summary() {
        return summary(0);
    }

    /** {@link #summary()} of the pages taken since {@code mark}. */
    public String summary(int mark) {
        List<Taken> taken = this.taken.subList(mark, this.taken.size());
        StringBuilder table = new StringBuilder();
        String version = taken.isEmpty() ? "?" : taken.get(0).bySize().values().iterator().next().version();
        table.append("Accessibility: axe-core ").append(version).append(", tags ").append(String.join(",", Axe.TAGS))
                .append("; phone ").append(PHONE.width()).append('x').append(PHONE.height())
                .append(" in every language, desktop ").append(DESKTOP.width()).append('x').append(DESKTOP.height())
                .append(" in en; cell = violations found, ! = one is serious or critical\n");
        table.append(String.format("%-28s", "page"));
        LANGUAGES.forEach(language -> table.append(String.format("%6s", language)));
        table.append("   rules\n");
        for (String page : taken.stream().map(Taken::page).collect(Collectors.toCollection(LinkedHashSet::new))) {
            table.append(String.format("%-28s", page));
            Set<String> rules = new TreeSet<>();
            for (String language : LANGUAGES) {
                Taken t = taken.stream().filter(x -> x.page().equals(page) && x.language().equals(language)).findFirst().orElse(null);
                if (t == null) {
                    table.append(String.format("%6s", "?"));
                    continue;
                }
                List<Axe.Violation> all = t.bySize().values().stream().flatMap(r -> r.violations().stream()).toList();
                all.forEach(v -> rules.add(v.rule() + "(" + v.impact() + ")"));
                boolean refused = all.stream().anyMatch(Axe.Violation::refused);
                String cell = all.isEmpty() ? "-" : all.size() + (refused ? "!" : "");
                table.append(String.format("%6s", cell));
            }
            table.append("   ").append(rules.isEmpty() ? "none" : String.join(" ", rules)).append('\n');
        }
        return table.toString();
    }

    private static void save(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
