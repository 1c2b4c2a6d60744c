package io.nordicsca.keycloak.lockout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.RealmSettings;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The realm's lockout settings: a lock schedule per factor and whether pages may name the factor
 * that failed. Each setting is declared here once (key, label, help, default); the admin console
 * tab lists {@link #PROPERTIES} and checks them with {@link #validate} on save.
 */
public record LockoutSettings(Map<Factor, LockSchedule> schedules, boolean hideFactor) {

    /**
     * The defaults follow the seeds: a password the customer unlocks with SMS code and code card,
     * a card, SMS or app that only the bank opens, each first locked for 15 minutes at 5.
     */
    static final Map<Factor, String> DEFAULT_SCHEDULES = Map.of(
            Factor.PASSWORD, "5:15m,8:1h,10:self-service",
            Factor.CODE_CARD, "5:15m,8:bank",
            Factor.SMS, "5:15m,8:bank",
            Factor.APP, "5:15m,8:bank");

    /** Setting names are camelCase without dots, as {@link RealmSettings} explains. */
    public static final String HIDE_FACTOR = "lockoutHideFactor";

    public static final List<ProviderConfigProperty> PROPERTIES = properties();

    public static String scheduleKey(Factor factor) {
        return switch (factor) {
            case PASSWORD -> "lockoutPassword";
            case CODE_CARD -> "lockoutCodeCard";
            case SMS -> "lockoutSms";
            case APP -> "lockoutApp";
        };
    }

    public LockSchedule schedule(Factor factor) {
        return schedules.get(factor);
    }

    /** The realm's settings; a stored schedule that no longer parses falls back to the default (and was refused on save). */
    public static LockoutSettings of(RealmModel realm) {
        ConfigValues values = RealmSettings.of(realm);
        Map<Factor, LockSchedule> schedules = new EnumMap<>(Factor.class);
        for (Factor factor : Factor.values()) {
            LockSchedule schedule;
            try {
                schedule = parse(factor, values.text(scheduleKey(factor), DEFAULT_SCHEDULES.get(factor)));
            } catch (LockSchedule.Invalid e) {
                schedule = LockSchedule.parse(DEFAULT_SCHEDULES.get(factor));
            }
            schedules.put(factor, schedule);
        }
        return new LockoutSettings(schedules, values.bool(HIDE_FACTOR, false));
    }

    /** The admin's mistakes in {@code config}, one message per bad setting; empty when all can be saved. */
    public static List<String> validate(Map<String, String> config) {
        List<String> problems = new ArrayList<>();
        for (Factor factor : Factor.values()) {
            String text = config.get(scheduleKey(factor));
            if (text != null && !text.isBlank()) {
                try {
                    parse(factor, text);
                } catch (LockSchedule.Invalid e) {
                    problems.add(factor.id() + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /** A factor's schedule; only the password may end in self-service, since the self-service unlock opens only the password. */
    static LockSchedule parse(Factor factor, String text) {
        LockSchedule schedule = LockSchedule.parse(text);
        if (factor != Factor.PASSWORD && schedule.steps().stream().anyMatch(step -> step.state() == FactorLock.State.SELF_SERVICE)) {
            throw new LockSchedule.Invalid("only the password can be unlocked by the customer (self-service); end with bank or a time.");
        }
        return schedule;
    }

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> list = new ArrayList<>();
        for (Factor factor : Factor.values()) {
            ProviderConfigProperty p = new ProviderConfigProperty();
            p.setName(scheduleKey(factor));
            p.setLabel("nordicScaSettings.lockout." + factor.id()); // message keys: the admin console shows them in the admin's language
            p.setType(ProviderConfigProperty.STRING_TYPE);
            p.setDefaultValue(DEFAULT_SCHEDULES.get(factor));
            p.setHelpText("nordicScaSettings.lockout." + factor.id() + ".help");
            list.add(p);
        }
        ProviderConfigProperty hide = new ProviderConfigProperty();
        hide.setName(HIDE_FACTOR);
        hide.setLabel("nordicScaSettings.hideFactor");
        hide.setType(ProviderConfigProperty.BOOLEAN_TYPE);
        hide.setDefaultValue("false");
        hide.setHelpText("nordicScaSettings.hideFactor.help");
        list.add(hide);
        return List.copyOf(list);
    }
}
