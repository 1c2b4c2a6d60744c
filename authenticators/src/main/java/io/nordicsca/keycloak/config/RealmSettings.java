package io.nordicsca.keycloak.config;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * The realm-wide Nordic SCA settings (lock schedules, support phone and hours): one Keycloak
 * component of the realm, edited in the admin console's "Nordic SCA" tab under Realm settings.
 * Keycloak's realm cache holds components, so reading them costs no database query, and every
 * node sees a change at once (Keycloak invalidates the realm on every node).
 *
 * <p>Setting names are camelCase without dots ({@code lockoutCodeCard}, {@code supportPhone}):
 * Keycloak 26.7's admin console saves a dot in a declarative-UI field's name escaped (as 🍺), and
 * the admin REST API answers a component with its declared names only, so the console would load
 * nothing for a dotted setting and show its default when the tab is opened again.
 */
public final class RealmSettings {

    /** The provider id of the admin console tab, and of the component that holds the settings. */
    public static final String PROVIDER_ID = "nordic-sca-settings";

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

    /** The component's settings by name, each its first value. */
    public static Map<String, String> values(ComponentModel component) {
        Map<String, String> values = new HashMap<>();
        component.getConfig().forEach((name, list) -> {
            if (list != null && !list.isEmpty()) {
                values.put(name, list.get(0));
            }
        });
        return values;
    }
}
