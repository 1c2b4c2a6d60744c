package io.nordicsca.keycloak.lockout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.RealmSettings;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.models.RealmModel;

/**
 * The realm's lockout settings: a lock schedule per factor and whether pages may name the factor
 * that failed. Each setting is declared here once as a {@link Setting} (key, label, help, default,
 * what it accepts); the admin console tab lists {@link #SETTINGS} and checks them on save.
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
    static final Setting.Switch HIDE_FACTOR = Setting.bool("lockoutHideFactor", "nordicScaSettings.hideFactor",
            "nordicScaSettings.hideFactor.help", false).localized();

    static final Map<Factor, Setting.Text<LockSchedule>> SCHEDULES = scheduleSettings();

    /** A schedule per factor, then the hide-factor switch: the order of the admin console tab. */
    public static final List<Setting<?>> SETTINGS = settings();

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

    /** The realm's settings; a stored schedule that no longer parses reads as the default (and was refused on save). */
    public static LockoutSettings of(RealmModel realm) {
        ConfigValues values = RealmSettings.of(realm);
        Map<Factor, LockSchedule> schedules = new EnumMap<>(Factor.class);
        for (Factor factor : Factor.values()) {
            schedules.put(factor, SCHEDULES.get(factor).read(values));
        }
        return new LockoutSettings(schedules, HIDE_FACTOR.read(values));
    }

    /** A factor's schedule setting, declared once. Labels and help are message keys: the admin console shows them in the admin's language. */
    private static Setting.Text<LockSchedule> scheduleSetting(Factor factor) {
        return Setting.text(scheduleKey(factor), "nordicScaSettings.lockout." + factor.id(), "nordicScaSettings.lockout." + factor.id() + ".help",
                DEFAULT_SCHEDULES.get(factor),
                text -> {
                    try {
                        return parse(factor, text);
                    } catch (LockSchedule.Invalid e) {
                        return null;
                    }
                },
                text -> {
                    try {
                        parse(factor, text);
                        return null;
                    } catch (LockSchedule.Invalid e) {
                        return factor.id() + ": " + e.getMessage();
                    }
                }).localized();
    }

    /** A factor's schedule; only the password may end in self-service, since the self-service unlock opens only the password. */
    static LockSchedule parse(Factor factor, String text) {
        LockSchedule schedule = LockSchedule.parse(text);
        if (factor != Factor.PASSWORD && schedule.steps().stream().anyMatch(step -> step.state() == FactorLock.State.SELF_SERVICE)) {
            throw new LockSchedule.Invalid("only the password can be unlocked by the customer (self-service); end with bank or a time.");
        }
        return schedule;
    }

    private static Map<Factor, Setting.Text<LockSchedule>> scheduleSettings() {
        Map<Factor, Setting.Text<LockSchedule>> schedules = new EnumMap<>(Factor.class);
        for (Factor factor : Factor.values()) {
            schedules.put(factor, scheduleSetting(factor));
        }
        return Collections.unmodifiableMap(schedules); // declarations, the same on every node: never changed
    }

    private static List<Setting<?>> settings() {
        List<Setting<?>> list = new ArrayList<>(SCHEDULES.values()); // EnumMap: in the order of Factor
        list.add(HIDE_FACTOR);
        return List.copyOf(list);
    }
}
