package io.nordicsca.keycloak.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/**
 * One setting an admin edits, declared once: key, label, help, default and what it accepts. From
 * that one declaration come
 * <ul>
 *   <li>the admin console's field ({@link #property()}), whose help ends with the accepted values and
 *       the default, written from the same values the reader uses;</li>
 *   <li>the reading ({@link #read}): never throws; a missing, blank or unacceptable value reads as the
 *       default (numbers are clamped into range), so a stored configuration always reads;</li>
 *   <li>the check on save ({@link #check}): the value the reader would not take as typed, as a
 *       {@link Problem} the admin console shows (Keycloak's message keys for required actions, English
 *       for the realm settings tab). A missing or blank value is no problem: it reads as the default.</li>
 * </ul>
 * Keycloak 26.7 checks a required action's configuration on save ({@code RequiredActionFactory.validateConfig})
 * and the realm settings tab's component ({@code validateConfiguration}), but not an authenticator
 * execution's configuration: there the reader's fallback is the only guard.
 *
 * @param <T> what the sign-in gets
 */
public abstract sealed class Setting<T> permits Setting.Whole, Setting.Switch, Setting.Choice, Setting.Choices, Setting.Text {

    /** Keycloak's message key for a value it cannot use (as its own required actions answer). */
    public static final String INVALID = "error-invalid-value";
    /** Keycloak's message key for a number outside its range, with the range as parameters. */
    public static final String OUT_OF_RANGE = "error-number-out-of-range";

    private final String key;
    private final String label;
    private final String help;
    private final boolean messageKeys;

    private Setting(String key, String label, String help, boolean messageKeys) {
        this.key = Objects.requireNonNull(key);
        this.label = Objects.requireNonNull(label);
        this.help = Objects.requireNonNull(help);
        this.messageKeys = messageKeys;
    }

    /** What the admin typed wrong, for one setting. */
    public record Problem(String key, String message, List<Object> parameters, String text) {

        static Problem invalid(String key, String text) {
            return new Problem(key, INVALID, List.of(), text);
        }
    }

    // ---- declarations ----

    /** A whole number from {@code min} to {@code max} ({@link Integer#MAX_VALUE}: no upper bound). */
    public static Whole integer(String key, String label, String help, int defaultValue, int min, int max) {
        return new Whole(key, label, help, "", defaultValue, min, max);
    }

    public static Switch bool(String key, String label, String help, boolean defaultValue) {
        return new Switch(key, label, help, false, defaultValue);
    }

    /** One of {@code options}; anything else reads as the default. */
    public static Choice choice(String key, String label, String help, String defaultValue, List<String> options) {
        return new Choice(key, label, help, defaultValue, options, null);
    }

    /**
     * The id of a provider of one of our SPIs, offered from {@code options} (the ones we ship). The
     * stored id is read as stored (Keycloak finds that provider, a bank's own included); a save is
     * refused unless the id is one of the options or a provider of {@code spi} deployed on the server.
     */
    public static Choice provider(String key, String label, String help, String defaultValue, List<String> options,
                                  Class<? extends Provider> spi) {
        return new Choice(key, label, help, defaultValue, options, spi);
    }

    /** Several of {@code options} (Keycloak's multivalued list); none or only unknown ones read as {@code defaults}. */
    public static Choices choices(String key, String label, String help, List<String> defaults, List<String> options) {
        return new Choices(key, label, help, defaults, options);
    }

    /** Free text: the trimmed value, or {@code defaultValue} when blank. */
    public static Text<String> text(String key, String label, String help, String defaultValue) {
        return new Text<>(key, label, help, false, defaultValue, text -> text, text -> null);
    }

    /**
     * Text the sign-in reads through {@code parse} (the trimmed value; null when it cannot use it, which
     * then reads as the default's) and a save checks with {@code reason} (why the value is refused, null
     * when accepted).
     */
    public static <T> Text<T> text(String key, String label, String help, String defaultValue,
                                   Function<String, T> parse, Function<String, String> reason) {
        return new Text<>(key, label, help, false, defaultValue, parse, reason);
    }

    // ---- use ----

    public String key() {
        return key;
    }

    /** The value the sign-in uses; never throws. */
    public abstract T read(ConfigValues values);

    public T read(Map<String, String> config) {
        return read(ConfigValues.of(config));
    }

    /** Why {@code raw} cannot be saved; empty when it can (a missing or blank value reads as the default). */
    public Optional<Problem> check(String raw) {
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.ofNullable(problem(raw.trim()));
    }

    /** The problem with this setting's value in {@code config}, if any. */
    public Optional<Problem> check(Map<String, String> config) {
        return check(config == null ? null : config.get(key));
    }

    /** As {@link #check(Map)}, on a server whose deployed providers count (a bank's own sender, say). */
    public Optional<Problem> check(KeycloakSession session, Map<String, String> config) {
        return check(config);
    }

    /** The admin console field: label, help with the accepted values and the default, type, default, options. */
    public ProviderConfigProperty property() {
        ProviderConfigProperty property = new ProviderConfigProperty();
        property.setName(key);
        property.setLabel(label);
        property.setHelpText(help());
        property.setType(type());
        property.setDefaultValue(formDefault());
        property.setOptions(options());
        return property;
    }

    /**
     * The help as the admin console shows it: the declaration's help and then what is accepted and
     * the default, from the same values. A message key (the realm settings tab) stays as it is: its
     * six bundles say it in the admin's language.
     */
    public String help() {
        String accepts = accepts();
        return messageKeys || accepts.isEmpty() ? help : help.isEmpty() ? accepts : help + " " + accepts;
    }

    /** Fields for a list of settings, in order. */
    public static List<ProviderConfigProperty> properties(Collection<? extends Setting<?>> settings) {
        return settings.stream().map(Setting::property).toList();
    }

    /** Every problem in {@code config}, in the order of {@code settings}. */
    public static List<Problem> problems(Collection<? extends Setting<?>> settings, Map<String, String> config) {
        List<Problem> problems = new ArrayList<>();
        settings.forEach(setting -> setting.check(config).ifPresent(problems::add));
        return problems;
    }

    /**
     * For {@code RequiredActionFactory.validateConfig}: refuses the first problem in {@code model} (Keycloak's exception carries one) the
     * way Keycloak's own required actions do (RecoveryAuthnCodesAction: a {@link ValidationException}
     * whose error names the setting), which the admin REST API answers with 400 and the admin console shows.
     */
    public static void refuse(KeycloakSession session, String providerId, Collection<? extends Setting<?>> settings,
                              RequiredActionConfigModel model) {
        Map<String, String> config = model == null ? null : model.getConfig();
        List<Problem> problems = new ArrayList<>();
        settings.forEach(setting -> setting.check(session, config).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            throw new ValidationException(new ValidationError(providerId, first.key(), first.message(), first.parameters().toArray()));
        }
    }

    /** The sentence after the help: accepted values and the default; empty when there is nothing to say. */
    abstract String accepts();

    abstract String type();

    abstract String formDefault();

    List<String> options() {
        return null;
    }

    /** The problem with a trimmed, non-blank value; null when it reads as typed. */
    abstract Problem problem(String value);

    String label() {
        return label;
    }

    String bareHelp() {
        return help;
    }

    /** A whole number in a range; read clamped into it, refused outside it on save. */
    public static final class Whole extends Setting<Integer> {

        private final String note;
        private final int defaultValue;
        private final int min;
        private final int max;

        private Whole(String key, String label, String help, String note, int defaultValue, int min, int max) {
            super(key, label, help, false);
            if (min > max || defaultValue < min || defaultValue > max) {
                throw new IllegalArgumentException(key + ": default " + defaultValue + " outside " + min + ".." + max);
            }
            this.note = note;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
        }

        /** A sentence after the range and default (a source, a consequence). */
        public Whole note(String note) {
            return new Whole(key(), label(), bareHelp(), note, defaultValue, min, max);
        }

        public int defaultValue() {
            return defaultValue;
        }

        public int min() {
            return min;
        }

        public int max() {
            return max;
        }

        @Override
        public Integer read(ConfigValues values) {
            return values.integer(key(), defaultValue, min, max);
        }

        @Override
        Problem problem(String value) {
            long number;
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Problem.invalid(key(), key() + ": a whole number, " + range() + ".");
            }
            return number < min || number > max
                    ? new Problem(key(), OUT_OF_RANGE, List.of(min, max), key() + ": " + range() + ".")
                    : null;
        }

        private String range() {
            return max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        }

        @Override
        String accepts() {
            String range = range();
            String sentence = Character.toUpperCase(range.charAt(0)) + range.substring(1) + ". Default " + defaultValue + ".";
            return note.isEmpty() ? sentence : sentence + " " + note;
        }

        @Override
        String type() {
            return ProviderConfigProperty.INTEGER_TYPE;
        }

        @Override
        String formDefault() {
            return String.valueOf(defaultValue);
        }
    }

    /** On or off; refused on save unless true or false. */
    public static final class Switch extends Setting<Boolean> {

        private final boolean defaultValue;

        private Switch(String key, String label, String help, boolean messageKeys, boolean defaultValue) {
            super(key, label, help, messageKeys);
            this.defaultValue = defaultValue;
        }

        /** The same setting whose label and help are message keys of the admin console's bundles. */
        public Switch localized() {
            return new Switch(key(), label(), bareHelp(), true, defaultValue);
        }

        @Override
        public Boolean read(ConfigValues values) {
            return values.bool(key(), defaultValue);
        }

        @Override
        Problem problem(String value) {
            return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value) ? null
                    : Problem.invalid(key(), key() + ": true or false.");
        }

        @Override
        String accepts() {
            return "Default " + (defaultValue ? "on" : "off") + ".";
        }

        @Override
        String type() {
            return ProviderConfigProperty.BOOLEAN_TYPE;
        }

        @Override
        String formDefault() {
            return String.valueOf(defaultValue);
        }
    }

    /** One of a list. */
    public static final class Choice extends Setting<String> {

        private final String defaultValue;
        private final List<String> options;
        /** For a provider id: the SPI whose deployed providers are accepted too; null for a plain choice. */
        private final Class<? extends Provider> spi;

        private Choice(String key, String label, String help, String defaultValue, List<String> options, Class<? extends Provider> spi) {
            super(key, label, help, false);
            if (!options.contains(defaultValue)) {
                throw new IllegalArgumentException(key + ": default " + defaultValue + " not among " + options);
            }
            this.defaultValue = defaultValue;
            this.options = List.copyOf(options);
            this.spi = spi;
        }

        @Override
        public String read(ConfigValues values) {
            String value = values.text(key(), defaultValue);
            return spi != null || options.contains(value) ? value : defaultValue;
        }

        @Override
        Problem problem(String value) {
            return options.contains(value) ? null : Problem.invalid(key(), key() + ": one of " + String.join(", ", options) + ".");
        }

        @Override
        public Optional<Problem> check(KeycloakSession session, Map<String, String> config) {
            String value = config == null ? null : config.get(key());
            boolean deployed = spi != null && session != null && value != null && !value.isBlank()
                    && session.getKeycloakSessionFactory().getProviderFactory(spi, value.trim()) != null;
            return deployed ? Optional.empty() : check(config);
        }

        @Override
        String accepts() {
            return "Default " + defaultValue + ".";
        }

        @Override
        String type() {
            return ProviderConfigProperty.LIST_TYPE;
        }

        @Override
        String formDefault() {
            return defaultValue;
        }

        @Override
        List<String> options() {
            return options;
        }
    }

    /** Several of a list, stored as Keycloak's multivalued list stores them ({@code ##} between values). */
    public static final class Choices extends Setting<List<String>> {

        private final List<String> defaults;
        private final List<String> options;

        private Choices(String key, String label, String help, List<String> defaults, List<String> options) {
            super(key, label, help, false);
            if (defaults.isEmpty() || !options.containsAll(defaults)) {
                throw new IllegalArgumentException(key + ": defaults " + defaults + " not among " + options);
            }
            this.defaults = List.copyOf(defaults);
            this.options = List.copyOf(options);
        }

        @Override
        public List<String> read(ConfigValues values) {
            List<String> chosen = values(values.text(key(), "")).stream().filter(options::contains).distinct().toList();
            return chosen.isEmpty() ? defaults : chosen;
        }

        @Override
        Problem problem(String value) {
            return options.containsAll(values(value)) ? null
                    : Problem.invalid(key(), key() + ": any of " + String.join(", ", options) + ".");
        }

        /** The values, split as Keycloak stores them (and by commas, as typed over the REST API). */
        private static List<String> values(String text) {
            return Arrays.stream(text.split(Constants.CFG_DELIMITER + "|,")).map(String::trim).filter(value -> !value.isEmpty()).toList();
        }

        @Override
        String accepts() {
            return "Default " + String.join(", ", defaults) + ".";
        }

        @Override
        String type() {
            return ProviderConfigProperty.MULTIVALUED_LIST_TYPE;
        }

        @Override
        String formDefault() {
            return String.join(Constants.CFG_DELIMITER, defaults);
        }

        @Override
        List<String> options() {
            return options;
        }
    }

    /** Text, read through a parser and checked on save by its reason. */
    public static final class Text<T> extends Setting<T> {

        private final String defaultValue;
        private final Function<String, T> parse;
        private final Function<String, String> reason;

        private Text(String key, String label, String help, boolean messageKeys, String defaultValue,
                     Function<String, T> parse, Function<String, String> reason) {
            super(key, label, help, messageKeys);
            this.defaultValue = Objects.requireNonNull(defaultValue);
            this.parse = parse;
            this.reason = reason;
            if (parse.apply(defaultValue) == null) {
                throw new IllegalArgumentException(key + ": the default '" + defaultValue + "' does not read");
            }
        }

        /** The same setting whose label and help are message keys of the admin console's bundles. */
        public Text<T> localized() {
            return new Text<>(key(), label(), bareHelp(), true, defaultValue, parse, reason);
        }

        public String defaultValue() {
            return defaultValue;
        }

        @Override
        public T read(ConfigValues values) {
            T value = parse.apply(values.text(key(), defaultValue));
            return value != null ? value : parse.apply(defaultValue);
        }

        /** The reason's text as it is: it names what it refuses (a factor, the setting). */
        @Override
        Problem problem(String value) {
            String why = reason.apply(value);
            return why == null ? null : Problem.invalid(key(), why);
        }

        @Override
        String accepts() {
            return defaultValue.isEmpty() ? "" : "Default " + defaultValue + ".";
        }

        @Override
        String type() {
            return ProviderConfigProperty.STRING_TYPE;
        }

        @Override
        String formDefault() {
            return defaultValue;
        }
    }
}
