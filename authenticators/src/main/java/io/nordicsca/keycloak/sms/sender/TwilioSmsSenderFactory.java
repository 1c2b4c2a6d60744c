package io.nordicsca.keycloak.sms.sender;

import java.net.http.HttpClient;

import io.nordicsca.keycloak.OutboundHttp;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.vault.VaultStringSecret;

/**
 * The {@code twilio} sender. Server options (all optional where the {@code TWILIO_*} environment
 * variable of the same meaning is set):
 * {@code account-sid}, {@code auth-token} or {@code api-key-sid} + {@code api-key-secret},
 * {@code from-number} or {@code messaging-service-sid}, {@code timeout-ms} (default 10 000, 500 to
 * 30 000), and {@code api-base-url} (tests only, loopback only).
 */
public class TwilioSmsSenderFactory implements SmsSenderFactory {

    public static final String PROVIDER_ID = "twilio";

    private static final Logger LOG = Logger.getLogger(TwilioSmsSenderFactory.class);

    private TwilioSettings settings;
    private HttpClient http;

    @Override
    public SmsSender create(KeycloakSession session) {
        return new TwilioSmsSender(settings, value -> resolve(session, value), http);
    }

    /** A vault reference such as ${vault.twilio_auth_token} is looked up in the realm's vault; other values are used as they are. */
    private static String resolve(KeycloakSession session, String value) {
        try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
            return secret.get().orElse(null);
        }
    }

    @Override
    public void init(Config.Scope config) {
        settings = TwilioSettings.from(config, System::getenv);
        http = OutboundHttp.client(settings.timeout());
        if (settings.apiBaseUrl() != null) {
            LOG.warnf("Twilio SMS sender sends to %s instead of Twilio (a test stand-in)", settings.apiBaseUrl());
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        http = null; // the JDK client has no close() before Java 21; its threads end with it
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
