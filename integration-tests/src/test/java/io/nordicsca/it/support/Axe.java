package io.nordicsca.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The accessibility check: Deque's axe-core (from npm, pinned by scripts/ensure-axe.sh), run inside
 * Chromium on the page as the customer sees it, against WCAG 2.0 and 2.1, levels A and AA.
 * The script is found at {@value #DEFAULT_SCRIPT} under the project root, or where the system
 * property {@value #SCRIPT_PROPERTY} points; without it the check fails, never skips.
 */
public final class Axe {

    public static final String SCRIPT_PROPERTY = "nordicsca.axe.script";
    static final String DEFAULT_SCRIPT = ".cache/axe-core/node_modules/axe-core/axe.min.js";
    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    /** The impacts the check refuses; moderate and minor ones are reported only. */
    public static final List<String> REFUSED_IMPACTS = List.of("critical", "serious");

    /** One rule a page breaks: axe's rule id, its impact, and the elements (CSS selectors) that break it. */
    public record Violation(String rule, String impact, String help, List<String> elements) {

        public boolean refused() {
            return REFUSED_IMPACTS.contains(impact);
        }

        @Override
        public String toString() {
            return rule + " (" + impact + "): " + help + " " + elements;
        }
    }

    /** What axe found on one page: the violations, and its raw answer (for the JSON report). */
    public record Result(String version, List<Violation> violations, Map<String, Object> raw) {
    }

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /** Loads axe-core's script; fails with what to run when it is missing. */
    public static Axe load() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        Path script = configured != null && !configured.isBlank() ? Path.of(configured) : ProjectFiles.resolve(DEFAULT_SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("axe-core is missing at " + script + ": run scripts/ensure-axe.sh (./test.sh does) "
                    + "or point -D" + SCRIPT_PROPERTY + " at axe.min.js");
        }
        try {
            return new Axe(Files.readString(script));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe on the page the driver shows now (it is injected once per page load). */
    @SuppressWarnings("unchecked")
    public Result check(WebDriver driver) {
        JavascriptExecutor page = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(page.executeScript("return typeof window.axe === 'object';"))) {
            page.executeScript(source);
        }
        Object answer = page.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                    .then(function (results) {
                        done(JSON.stringify({testEngine: results.testEngine, url: results.url,
                                violations: results.violations, incomplete: results.incomplete.length}));
                    }, function (error) { done('axe failed: ' + error); });
                """, TAGS);
        String json = String.valueOf(answer);
        if (!json.startsWith("{")) {
            throw new AssertionError(json + " on " + driver.getCurrentUrl());
        }
        Map<String, Object> raw;
        try {
            raw = JsonSerialization.readValue(json, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Violation> violations = new ArrayList<>();
        for (Map<String, Object> violation : (List<Map<String, Object>>) raw.get("violations")) {
            List<String> elements = new ArrayList<>();
            for (Map<String, Object> node : (List<Map<String, Object>>) violation.get("nodes")) {
                elements.add(String.valueOf(node.get("target")));
            }
            violations.add(new Violation((String) violation.get("id"), String.valueOf(violation.get("impact")),
                    (String) violation.get("help"), elements));
        }
        String version = String.valueOf(((Map<String, Object>) raw.get("testEngine")).get("version"));
        return new Result(version, violations, raw);
    }
}
