package io.nordicsca.keycloak.config;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * The realm-wide Nordic SCA settings (lock schedules, support phone and hours): one Keycloak
 * component of the realm, edited in the admin console's "Nordic SCA" tab under Realm settings.
 * Keycloak's realm cache holds components, so reading them costs no database query, and every
 * node sees a change at once (Keycloak invalidates the realm on every node).
 */
public final class RealmSettings {

    /** The provider id of the admin console tab, and of the component that holds the settings. */
    public static final String PROVIDER_ID = "nordic-sca-settings";
    /** How the admin console writes a dot in a setting's name (see {@link #values}). */
    static final String CONSOLE_DOT = "\uD83C\uDF7A";

    private RealmSettings() {
    }

    /** The stored settings; empty when the bank has never saved the tab (every reader then uses its defaults). */
    public static ConfigValues of(RealmModel realm) {
        return ConfigValues.of(realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()))
                .findFirst()
                .map(RealmSettings::values)
                .orElse(Map.of()));
    }

    /**
     * The component's settings by their declared keys. Keycloak 26.7's admin console saves a
     * declarative-UI form with each dot of a setting's name replaced by 🍺 (its form library's
     * escape, not undone on save) and loads the form from that spelling, so the console's spelling
     * is kept as stored and read here; a value saved through the REST API with the dotted key counts
     * too, the console's winning when both are there.
     */
    public static Map<String, String> values(ComponentModel component) {
        Map<String, String> values = new HashMap<>();
        component.getConfig().entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().contains(CONSOLE_DOT)))
                .forEach(entry -> {
                    List<String> list = entry.getValue();
                    if (list != null && !list.isEmpty()) {
                        values.put(entry.getKey().replace(CONSOLE_DOT, "."), firstOf(list));
                    }
                });
        return values;
    }

    private static String firstOf(List<String> list) {
        return list.get(0);
    }
}
