package io.nordicsca.keycloak.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.NoLifecycleFactory;
import io.nordicsca.keycloak.callcentre.CallCentreSettings;
import io.nordicsca.keycloak.errors.SupportContact;
import io.nordicsca.keycloak.lockout.LockoutSettings;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The realm's Nordic SCA settings ({@link RealmSettings}) as a tab under Realm settings in the
 * admin console. Keycloak's declarative UI draws the form from {@link #getConfigProperties()} and
 * saves it as the realm's one component of this provider (parent = the realm), sending the route's
 * parameters (realm, tab) along; Keycloak shows such tabs only with the {@code declarative-ui}
 * feature enabled. Labels and help are message keys, translated by the admin console from our
 * {@code theme-resources/messages} bundles; a save with a bad value is refused in the admin's language.
 *
 * <p>Each setting is declared once where it is read ({@link LockoutSettings#SETTINGS},
 * {@link SupportContact#SETTINGS}, {@link CallCentreSettings#SETTINGS}) and checked on save by its own declaration ({@link Setting#check}).
 */
public class RealmSettingsTabFactory extends NoLifecycleFactory implements UiTabProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = RealmSettings.PROVIDER_ID;
    /** The tab's place: Realm settings → Nordic SCA. */
    static final String PATH = "/:realm/realm-settings/:tab";
    static final String TAB = "nordic-sca";

    /** The tab's settings in its order, each declared once where it is read. */
    static final List<Setting<?>> SETTINGS = settings();

    private static final List<ProviderConfigProperty> PROPERTIES = Setting.properties(SETTINGS);

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(LockoutSettings.SETTINGS);
        all.addAll(SupportContact.SETTINGS);
        all.addAll(CallCentreSettings.SETTINGS);
        return List.copyOf(all);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "nordicScaSettings.help";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public String getPath() {
        return PATH;
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", TAB);
    }

    /**
     * Refuses what the sign-in could not use (each setting's own check: a malformed schedule, a first
     * lock later than PSD2 RTS art. 4 allows, a phone number that is not one) and a second settings
     * component in the realm (the console edits the one it finds, and {@link RealmSettings} reads only one).
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        boolean another = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .anyMatch(existing -> PROVIDER_ID.equals(existing.getProviderId()) && !existing.getId().equals(model.getId()));
        if (another) {
            throw new ComponentValidationException("nordicScaSettings.duplicate");
        }
        List<Setting.Problem> problems = Setting.problems(SETTINGS, RealmSettings.values(model));
        if (!problems.isEmpty()) {
            throw new ComponentValidationException("nordicScaSettings.invalid",
                    String.join(" ", problems.stream().map(Setting.Problem::text).toList()));
        }
    }
}
