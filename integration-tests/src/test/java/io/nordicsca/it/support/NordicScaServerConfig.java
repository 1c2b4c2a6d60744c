package io.nordicsca.it.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test uses, so that all test classes share a
 * single Keycloak process: our provider jar and theme jar deployed into {@code providers/}, plus
 * this module's own test-only providers (src/main: the stored-credentials inspector), and the
 * options of {@link ServerOptions} (stand-ins for Twilio and FCM, pepper, declarative UI). The
 * server also logs to {@link ServerLog#FILE}, so tests can prove what never reaches the log.
 */
public class NordicScaServerConfig implements KeycloakServerConfig {

    /** See {@link ServerOptions#TWILIO_TIMEOUT_MS}. */
    public static final int TWILIO_TIMEOUT_MS = ServerOptions.TWILIO_TIMEOUT_MS;
    /** See {@link ServerOptions#WAITING_RECHECK_SECONDS}. */
    public static final int WAITING_RECHECK_SECONDS = ServerOptions.WAITING_RECHECK_SECONDS;
    public static final String CODE_CARD_PEPPER_ID = ServerOptions.CODE_CARD_PEPPER_ID;
    public static final String CODE_CARD_PEPPER = ServerOptions.CODE_CARD_PEPPER;

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        config.log().handlers(KeycloakServerConfigBuilder.LogHandlers.CONSOLE, KeycloakServerConfigBuilder.LogHandlers.FILE);
        config.features(ServerOptions.FEATURES.toArray(org.keycloak.common.Profile.Feature[]::new))
                .dependency("io.nordicsca", "nordic-sca-authenticators")
                .dependency("io.nordicsca", "nordic-sca-theme")
                .dependencyCurrentProject()
                .option("log-file", ServerLog.FILE.toString());
        ServerOptions.spiOptions().forEach(option -> config.spiOption(option.spi(), option.provider(), option.key(), option.value()));
        return config;
    }
}
