package io.nordicsca.keycloak.lockout;

import java.util.Arrays;
import java.util.Optional;

/**
 * The factors that lock one by one. Each has its own count of consecutive wrong answers and its
 * own lock, so five wrong card numbers lock the card and not the app or the password.
 */
public enum Factor {
    PASSWORD("password"),
    CODE_CARD("code-card"),
    SMS("sms"),
    APP("app");

    private final String id;

    Factor(String id) {
        this.id = id;
    }

    /** The factor's name in URLs, settings, events and message keys. */
    public String id() {
        return id;
    }

    public static Optional<Factor> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
