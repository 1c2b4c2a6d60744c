package io.nordicsca.it.bench;

import io.nordicsca.it.support.NordicScaServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The test server with theme and template caching on, as in production mode: start-dev turns it
 * off, which inflates every rendered form step and would blur a comparison of two form steps.
 * The waiting pages' safety net at its default period (the tests lengthen it).
 */
public class BenchmarkServerConfig extends NordicScaServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return super.configure(config)
                .option("spi-theme--cache-themes", "true")
                .option("spi-theme--cache-templates", "true")
                .option("spi-theme--static-max-age", "2592000")
                .spiOption("realm-restapi-extension", "nordic-sca-device", "recheck-seconds", "2");
    }
}
