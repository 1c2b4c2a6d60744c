package io.nordicsca.it.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** One page as the test browser received it. */
public class Page {

    private final Browser browser;
    private final URI uri;
    private final int status;
    private final String body;
    private final URI redirectedAwayTo;
    private Document document;

    Page(Browser browser, URI uri, int status, String body, URI redirectedAwayTo) {
        this.browser = browser;
        this.uri = uri;
        this.status = status;
        this.body = body;
        this.redirectedAwayTo = redirectedAwayTo;
    }

    public int status() {
        return status;
    }

    public URI uri() {
        return uri;
    }

    public String body() {
        return body;
    }

    /** Where Keycloak sent the browser when it left Keycloak (the client's redirect URI), or null. */
    public URI redirectedAwayTo() {
        return redirectedAwayTo;
    }

    public Document document() {
        if (document == null) {
            document = Jsoup.parse(body, uri.toString());
        }
        return document;
    }

    /** What the browser shows when the customer presses reload: the same address again, same cookies. */
    public Page reload() {
        return browser.open(uri.toString());
    }

    /** Follows the link with this id, as a click would. */
    public Page follow(String linkId) {
        Element link = document().getElementById(linkId);
        if (link == null) {
            throw new AssertionError("No link #" + linkId + " on " + uri + ":\n" + body);
        }
        return browser.open(link.absUrl("href"));
    }

    /** The text of the element with this id, or null when the page has no such element. */
    public String textOf(String id) {
        Element element = document().getElementById(id);
        return element == null ? null : element.text();
    }

    /**
     * The catalogue's error code shown under a field's error (e.g. NSCA-3001 under "Wrong code"; docs/error-codes.md),
     * or null when none is shown.
     */
    public String fieldErrorCode(String field) {
        Element code = document().getElementById("input-error-" + field + "-code");
        return code == null ? null : code.attr("data-error-code");
    }

    /** The form with this id, its fields prefilled as the page sent them. */
    public Form form(String id) {
        Element form = document().getElementById(id);
        if (form == null || !"form".equals(form.tagName())) {
            throw new AssertionError("No form #" + id + " on " + uri + " (status " + status + "):\n" + body);
        }
        return form(form);
    }

    /** The form whose action is Keycloak's login action (for Keycloak's own pages, whose forms have no id). */
    public Form loginActionForm() {
        Element form = document().selectFirst("form[action*=login-actions]");
        if (form == null) {
            throw new AssertionError("No login-action form on " + uri + " (status " + status + "):\n" + body);
        }
        return form(form);
    }

    private Form form(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (("checkbox".equals(type) || "radio".equals(type)) && !input.hasAttr("checked")) {
                continue;
            }
            if (!"submit".equals(type)) {
                fields.put(input.attr("name"), input.val());
            }
        }
        return new Form(browser, URI.create(form.absUrl("action")), fields);
    }

    @Override
    public String toString() {
        return status + " " + uri;
    }
}
