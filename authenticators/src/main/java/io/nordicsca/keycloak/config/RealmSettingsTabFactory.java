package io.nordicsca.keycloak.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.NoLifecycleFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The realm's Nordic SCA settings as a tab under Realm settings in the admin console (Keycloak's
 * declarative UI: the console draws the form from {@link #getConfigProperties()} and saves it as
 * one component of this provider per realm, parent = the realm). Keycloak shows such tabs only
 * with the {@code declarative-ui} feature enabled.
 *
 * <p>Labels and help are message keys, translated by the admin console from the bundles under
 * {@code theme-resources/messages}; a save with a bad value is refused by
 * {@link #validateConfiguration} with a message in the admin's language.
 *
 * <p>PLACEHOLDER: the keys, defaults and schedule syntax below stand in for
 * {@code config.RealmSettings} and lockout's schedule declarations (issue 10 design); when those
 * land, this list and {@link #scheduleProblem} read them instead of declaring their own.
 */
public class RealmSettingsTabFactory extends NoLifecycleFactory implements UiTabProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "nordic-sca-settings";
    /** The tab's place: Realm settings → Nordic SCA. */
    static final String PATH = "/:realm/realm-settings/:tab";
    static final String TAB = "nordic-sca";

    static final String SCHEDULE_PREFIX = "lockout.";
    static final Map<String, String> SCHEDULE_DEFAULTS = Map.of(
            "password", "5:15m,8:1h,10:self-service",
            "code-card", "5:15m,8:bank",
            "sms", "5:15m,8:bank",
            "app", "5:15m,8:bank");
    static final String HIDE_FACTOR = "lockout.hide-factor";
    static final String SUPPORT_PHONE = "support.phone";
    static final String SUPPORT_HOURS = "support.hours";
    /** PSD2 RTS art. 4(3)(a): at most five failed attempts before a block. */
    static final int MAX_FIRST_STEP = 5;

    private static final Pattern STEP = Pattern.compile("\\s*(\\d{1,3})\\s*:\\s*(\\d{1,5}[smhd]|self-service|bank)\\s*");

    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (String factor : List.of("password", "code-card", "sms", "app")) {
            builder.property().name(SCHEDULE_PREFIX + factor).type(ProviderConfigProperty.STRING_TYPE)
                    .label("nordicScaSettings.lockout." + factor).helpText("nordicScaSettings.lockout." + factor + ".help")
                    .defaultValue(SCHEDULE_DEFAULTS.get(factor)).add();
        }
        return builder
                .property().name(HIDE_FACTOR).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("nordicScaSettings.hideFactor").helpText("nordicScaSettings.hideFactor.help").defaultValue("false").add()
                .property().name(SUPPORT_PHONE).type(ProviderConfigProperty.STRING_TYPE)
                .label("nordicScaSettings.supportPhone").helpText("nordicScaSettings.supportPhone.help").defaultValue("+358 9 123 4567").add()
                .property().name(SUPPORT_HOURS).type(ProviderConfigProperty.STRING_TYPE)
                .label("nordicScaSettings.supportHours").helpText("nordicScaSettings.supportHours.help").defaultValue("").add()
                .build();
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
     * Refuses what the sign-in could not use: a malformed schedule, a first lock later than RTS
     * art. 4 allows, and a second settings component in the realm (the console edits the one it finds).
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        boolean another = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .anyMatch(existing -> PROVIDER_ID.equals(existing.getProviderId()) && !existing.getId().equals(model.getId()));
        if (another) {
            throw new ComponentValidationException("nordicScaSettings.duplicate");
        }
        for (String factor : SCHEDULE_DEFAULTS.keySet()) {
            String key = SCHEDULE_PREFIX + factor;
            String value = model.get(key);
            if (value == null || value.isBlank()) {
                continue; // the default applies
            }
            String problem = scheduleProblem(value);
            if (problem != null) {
                throw new ComponentValidationException(problem, factor, value.trim(), MAX_FIRST_STEP);
            }
        }
    }

    /**
     * Null when {@code schedule} reads as steps "failures:consequence" (a time such as 15m, or
     * self-service, or bank), failures rising, a permanent lock only last and the first step after
     * at most {@value #MAX_FIRST_STEP} failures; otherwise the message key saying what is wrong.
     */
    static String scheduleProblem(String schedule) {
        int previous = 0;
        boolean permanent = false;
        String[] steps = schedule.split(",", -1);
        for (int i = 0; i < steps.length; i++) {
            Matcher step = STEP.matcher(steps[i]);
            if (!step.matches() || permanent) {
                return "nordicScaSettings.invalidSchedule";
            }
            int failures = Integer.parseInt(step.group(1));
            if (failures <= previous || step.group(2).matches("0+[smhd]")) {
                return "nordicScaSettings.invalidSchedule";
            }
            if (i == 0 && failures > MAX_FIRST_STEP) {
                return "nordicScaSettings.firstStepTooLate";
            }
            previous = failures;
            permanent = !Character.isDigit(step.group(2).charAt(0));
        }
        return null;
    }
}
