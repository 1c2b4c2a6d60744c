package io.nordicsca.keycloak.callcentre;

import java.util.List;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.config.RealmSettings;
import io.nordicsca.keycloak.config.Setting;

/**
 * The call centre's realm-wide settings (Realm settings → Nordic SCA), declared once: how a caller's
 * system names the customer it wants identified.
 */
public final class CallCentreSettings {

    /** A user attribute's name as Keycloak's user profile allows it. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Besides the username (the bank's user code), the one user attribute a caller may name the
     * customer by, e.g. a customer number; empty: the username only. Username-like attributes that
     * Keycloak keeps itself are refused, so the setting never widens the lookup to e-mail addresses.
     */
    public static final Setting.Text<String> LOOKUP_ATTRIBUTE = Setting.text("callCentreLookupAttribute",
            "nordicScaSettings.callCentreLookupAttribute", "nordicScaSettings.callCentreLookupAttribute.help", "",
            name -> attributeProblem(name) == null ? name : null, CallCentreSettings::attributeProblem).localized();

    public static final List<Setting<?>> SETTINGS = List.of(LOOKUP_ATTRIBUTE);

    private CallCentreSettings() {
    }

    /** The realm's lookup attribute; empty when none (or a value the tab would refuse). */
    static String lookupAttribute(org.keycloak.models.RealmModel realm) {
        return LOOKUP_ATTRIBUTE.read(RealmSettings.of(realm));
    }

    static String attributeProblem(String name) {
        if (name.isEmpty()) {
            return null;
        }
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            return "nordicScaSettings.callCentreLookupAttribute.invalid";
        }
        return List.of("username", "email", "firstName", "lastName").contains(name)
                ? "nordicScaSettings.callCentreLookupAttribute.reserved" : null;
    }
}
