package io.nordicsca.it.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** A form of a page, filled in and then submitted like a browser would. */
public class Form {

    private final Browser browser;
    private final URI action;
    private final Map<String, String> fields;

    Form(Browser browser, URI action, Map<String, String> fields) {
        this.browser = browser;
        this.action = action;
        this.fields = new LinkedHashMap<>(fields);
    }

    public Form set(String name, String value) {
        fields.put(name, value);
        return this;
    }

    public Page submit() {
        return browser.submit(action, fields);
    }
}
