package io.nordicsca.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.util.JsonSerialization;

/**
 * The demo realm exactly as {@code realm-config/nordic-bank-realm.json} ships it, with its
 * {@code ${VAR}} placeholders filled in the way Keycloak's start-up import fills them from the
 * environment ({@code ${VAR:default}} takes the default when the variable is not set). The demo
 * user's password is random for each test run; the demo-only choices (log senders) keep their
 * production defaults, as in a bank's copy of the realm.
 */
public class DemoRealm implements RealmConfig {

    public static final String NAME = "nordic-bank";
    public static final String DEMO_USERNAME = "demo";
    public static final String DEMO_PASSWORD = "Test-" + randomText();

    private static final String RESOURCE = "/realm-config/nordic-bank-realm.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");
    private static final Map<String, String> ENVIRONMENT = Map.of("NORDIC_SCA_DEMO_PASSWORD", DEMO_PASSWORD);

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        return RealmBuilder.update(load());
    }

    /** The realm file as the server would import it. */
    /**
     * Gives a step of the demo's second-factor flow its settings as shipped in the realm file, then
     * {@code settings} on top: earlier changes in the same realm are undone.
     */
    public static void configureStep(RealmResource realm, String providerId, Map<String, String> settings) {
        AuthenticatorConfigRepresentation config = realm.flows().getExecutions("nordic-bank second factor").stream()
                .filter(execution -> providerId.equals(execution.getProviderId()))
                .map(execution -> realm.flows().getAuthenticatorConfig(execution.getAuthenticationConfig()))
                .findFirst().orElseThrow();
        Map<String, String> values = new HashMap<>(load().getAuthenticatorConfig().stream()
                .filter(shipped -> shipped.getAlias().equals(config.getAlias())).findFirst().orElseThrow().getConfig());
        values.putAll(settings);
        config.setConfig(values);
        realm.flows().updateAuthenticatorConfig(config.getId(), config);
    }

    public static RealmRepresentation load() {
        try (InputStream in = DemoRealm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            String json = fillPlaceholders(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            // A key given twice (a merge leftover) is silently "the last one wins" for Keycloak's import: refuse it here.
            JsonSerialization.mapper.copy().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(json);
            RealmRepresentation realm = JsonSerialization.readValue(json, RealmRepresentation.class);
            long configs = realm.getAuthenticatorConfig().size();
            if (realm.getAuthenticatorConfig().stream().map(config -> config.getAlias()).distinct().count() != configs) {
                throw new IllegalStateException(RESOURCE + " defines an authenticator config alias twice");
            }
            return realm;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fillPlaceholders(String json) {
        Matcher matcher = PLACEHOLDER.matcher(json);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = ENVIRONMENT.getOrDefault(matcher.group(1), matcher.group(2));
            if (value == null) {
                throw new IllegalStateException("The demo realm uses ${" + matcher.group(1) + "}, which the tests do not set");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private static String randomText() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
