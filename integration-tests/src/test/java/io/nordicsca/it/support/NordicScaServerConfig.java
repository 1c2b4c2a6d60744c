package io.nordicsca.it.support;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test uses, so that all test classes share a
 * single Keycloak process: our provider jar and theme jar deployed into {@code providers/}, plus
 * this module's own test-only providers (src/main: the stored-credentials inspector).
 *
 * <p>SMS: the {@code twilio} sender goes to the local {@link TwilioStandIn} with a short timeout,
 * and the demo's {@code log} sender is on. App pushes through {@code fcm} and {@code webhook} go to the local {@link FcmStandIn}. The server also logs to {@link ServerLog#FILE}, so
 * tests can prove what never reaches the log. Code card cells are sealed with a pepper. Keycloak's
 * declarative UI is on, for the realm settings tab "Nordic SCA" (an experimental feature in 26.7).
 */
public class NordicScaServerConfig implements KeycloakServerConfig {

    private static final String SMS = "nordic-sca-sms-sender";
    private static final String PUSH = "nordic-sca-push-sender";
    /** Short, so the "Twilio too slow" test waits little; the stand-in's slow answer is longer. */
    public static final int TWILIO_TIMEOUT_MS = 1500;
    /** The waiting pages' safety-net re-read, long here so a test can tell it from the wake-up by the answer. */
    public static final int WAITING_RECHECK_SECONDS = 30;
    /** The code card's pepper on the test server (a real bank keeps it in its vault or secret store). */
    public static final String CODE_CARD_PEPPER_ID = "it-1";
    public static final String CODE_CARD_PEPPER = "test-server-pepper-8d1f6b0c3a2e4f5d9b7a6c5e4d3f2a1b";

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        TwilioStandIn twilio = TwilioStandIn.shared();
        FcmStandIn fcm = FcmStandIn.shared();
        config.log().handlers(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, KeycloakServerConfigBuilder.LogHandlers.FILE);
        return config
                .features(Profile.Feature.DECLARATIVE_UI)
                .dependency("io.nordicsca", "nordic-sca-authenticators")
                .dependency("io.nordicsca", "nordic-sca-theme")
                .dependencyCurrentProject()
                .option("log-file", ServerLog.FILE.toString())
                .spiOption(SMS, "twilio", "account-sid", TwilioStandIn.ACCOUNT_SID)
                .spiOption(SMS, "twilio", "auth-token", TwilioStandIn.AUTH_TOKEN)
                .spiOption(SMS, "twilio", "from-number", TwilioStandIn.FROM_NUMBER)
                .spiOption(SMS, "twilio", "api-base-url", twilio.baseUrl())
                .spiOption(SMS, "twilio", "timeout-ms", String.valueOf(TWILIO_TIMEOUT_MS))
                .spiOption(SMS, "log", "enabled", "true")
                .spiOption("credential", "nordic-sca-code-card", "peppers", CODE_CARD_PEPPER_ID + ":" + CODE_CARD_PEPPER)
                .spiOption(PUSH, "fcm", "service-account-file", FcmStandIn.SERVICE_ACCOUNT.toString())
                .spiOption(PUSH, "fcm", "api-base-url", fcm.baseUrl())
                .spiOption(PUSH, "webhook", "url", fcm.webhookUrl())
                .spiOption(PUSH, "webhook", "secret", FcmStandIn.WEBHOOK_SECRET)
                .spiOption("realm-restapi-extension", "nordic-sca-device", "recheck-seconds", String.valueOf(WAITING_RECHECK_SECONDS));
    }
}
