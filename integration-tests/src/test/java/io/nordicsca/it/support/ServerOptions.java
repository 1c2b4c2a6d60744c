package io.nordicsca.it.support;

import java.util.List;
import java.util.stream.Stream;

import org.keycloak.common.Profile;

/**
 * The options every test server of ours runs with, in one list: the single server of the test
 * framework ({@link NordicScaServerConfig}) and the two-node cluster ({@code io.nordicsca.it.cluster})
 * both read them from here.
 *
 * <p>SMS: the {@code twilio} sender goes to the local {@link TwilioStandIn} with a short timeout,
 * and the demo's {@code log} sender is on. App pushes through {@code fcm} and {@code webhook} go to
 * the local {@link FcmStandIn}. Code card cells are sealed with a pepper. Keycloak's declarative UI
 * is on, for the realm settings tab "Nordic SCA" (an experimental feature in 26.7). A payment's
 * {@code authorization_details} may be 4096 characters, and a longer one is refused rather than
 * dropped ({@link #AUTHORIZATION_REQUEST}, as the demo and the Docker image run).
 */
public final class ServerOptions {

    /** A provider option, given to Keycloak as {@code --spi-<spi>--<provider>--<key>=<value>}. */
    public record SpiOption(String spi, String provider, String key, String value) {

        /** Keycloak reads whether a provider is enabled when the server is built ({@code kc.sh build}), not at start. */
        public boolean buildTime() {
            return "enabled".equals(key);
        }

        /** As a command-line argument of {@code kc.sh}. */
        public String argument() {
            return "--spi-" + spi + "--" + provider + "--" + key + "=" + value;
        }
    }

    private static final String SMS = "nordic-sca-sms-sender";
    private static final String PUSH = "nordic-sca-push-sender";
    /** Short, so the "Twilio too slow" test waits little; the stand-in's slow answer is longer. */
    public static final int TWILIO_TIMEOUT_MS = 1500;
    /** The waiting pages' safety-net re-read, long here so a test can tell it from the wake-up by the answer. */
    public static final int WAITING_RECHECK_SECONDS = 30;
    /** The code card's pepper on the test servers (a real bank keeps it in its vault or secret store). */
    public static final String CODE_CARD_PEPPER_ID = "it-1";
    public static final String CODE_CARD_PEPPER = "test-server-pepper-8d1f6b0c3a2e4f5d9b7a6c5e4d3f2a1b";
    /**
     * Keycloak's limits on an authorization request's extra parameters ({@code authorization_details} is
     * one): by default a value over 2000 characters is silently dropped, so a payment would reach the
     * sign-in without its payment. Here up to 4096 pass, and a longer one fails the request.
     */
    public static final List<SpiOption> AUTHORIZATION_REQUEST = List.of(
            new SpiOption("login-protocol", "openid-connect", "add-req-params-max-size", "4096"),
            new SpiOption("login-protocol", "openid-connect", "add-req-params-fail-fast", "true"));
    /** The features the servers run with. */
    public static final List<Profile.Feature> FEATURES = List.of(Profile.Feature.DECLARATIVE_UI);

    private ServerOptions() {
    }

    /** The provider options; starts the stand-ins they point to. */
    public static List<SpiOption> spiOptions() {
        TwilioStandIn twilio = TwilioStandIn.shared();
        FcmStandIn fcm = FcmStandIn.shared();
        return Stream.concat(AUTHORIZATION_REQUEST.stream(), Stream.of(
                new SpiOption(SMS, "twilio", "account-sid", TwilioStandIn.ACCOUNT_SID),
                new SpiOption(SMS, "twilio", "auth-token", TwilioStandIn.AUTH_TOKEN),
                new SpiOption(SMS, "twilio", "from-number", TwilioStandIn.FROM_NUMBER),
                new SpiOption(SMS, "twilio", "api-base-url", twilio.baseUrl()),
                new SpiOption(SMS, "twilio", "timeout-ms", String.valueOf(TWILIO_TIMEOUT_MS)),
                new SpiOption(SMS, "log", "enabled", "true"),
                new SpiOption("credential", "nordic-sca-code-card", "peppers", CODE_CARD_PEPPER_ID + ":" + CODE_CARD_PEPPER),
                new SpiOption(PUSH, "fcm", "service-account-file", FcmStandIn.SERVICE_ACCOUNT.toString()),
                new SpiOption(PUSH, "fcm", "api-base-url", fcm.baseUrl()),
                new SpiOption(PUSH, "webhook", "url", fcm.webhookUrl()),
                new SpiOption(PUSH, "webhook", "secret", FcmStandIn.WEBHOOK_SECRET),
                new SpiOption("realm-restapi-extension", "nordic-sca-device", "recheck-seconds", String.valueOf(WAITING_RECHECK_SECONDS)))).toList();
    }
}
