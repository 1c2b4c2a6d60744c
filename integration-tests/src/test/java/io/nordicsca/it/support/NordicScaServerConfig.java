package io.nordicsca.it.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test uses, so that all test classes share a
 * single Keycloak process: our provider jar and theme jar deployed into {@code providers/}, plus
 * this module's own test-only providers (src/main: the stored-credentials inspector).
 */
public class NordicScaServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .dependency("io.nordicsca", "nordic-sca-authenticators")
                .dependency("io.nordicsca", "nordic-sca-theme")
                .dependencyCurrentProject();
    }
}
