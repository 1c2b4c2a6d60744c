package io.nordicsca.keycloak.config;

import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Reads an execution's configuration (strings typed into the admin console) without ever
 * throwing: a missing, blank or malformed value falls back to the default, and numbers are
 * clamped into their allowed range: a blank or mistyped number in the console must never break sign-in.
 */
public final class ConfigValues {

    private final Map<String, String> values;

    private ConfigValues(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
    }

    public static ConfigValues of(AuthenticatorConfigModel config) {
        return new ConfigValues(config == null ? null : config.getConfig());
    }

    public static ConfigValues of(Map<String, String> values) {
        return new ConfigValues(values);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** The trimmed text, or the default when missing or blank. */
    public String text(String key, String defaultValue) {
        String raw = values.get(key);
        return raw == null || raw.isBlank() ? defaultValue : raw.trim();
    }

    public boolean bool(String key, boolean defaultValue) {
        String raw = values.get(key);
        return raw == null || raw.isBlank() ? defaultValue : Boolean.parseBoolean(raw.trim());
    }
}
