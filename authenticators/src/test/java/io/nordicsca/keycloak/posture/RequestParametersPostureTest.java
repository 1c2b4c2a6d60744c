package io.nordicsca.keycloak.posture;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import io.nordicsca.keycloak.posture.PostureFinding.Severity;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.protocol.oidc.OIDCProviderConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's OIDC request-parameter options, as Keycloak itself reads them (its own
 * {@link OIDCProviderConfig} over the options of {@code --spi-login-protocol--openid-connect--...}):
 * a payment's {@code authorization_details} must be refused when too long, never dropped.
 */
class RequestParametersPostureTest {

    @Test
    void keycloaksDefaultsDropALongPaymentSilently() {
        PostureFinding finding = requestParameters(Map.of()).orElseThrow();
        assertEquals("server.request-params", finding.id());
        assertEquals(Severity.MEDIUM, finding.severity());
        assertEquals("nordic-bank", finding.subject());
        assertTrue(finding.problem().contains("longer than 2000 characters"), finding.problem());
        assertTrue(finding.fix().contains("--spi-login-protocol--openid-connect--add-req-params-fail-fast=true"), finding.fix());
        assertTrue(finding.fix().contains("--spi-login-protocol--openid-connect--add-req-params-max-size=4096"), finding.fix());
    }

    @Test
    void aLargeLimitWithoutFailFastStillDropsLongerOnes() {
        assertEquals(Severity.MEDIUM, requestParameters(Map.of("add-req-params-max-size", "100000")).orElseThrow().severity());
    }

    @Test
    void failFastWithTheDefaultLimitRefusesPaymentsTheBankAccepts() {
        PostureFinding finding = requestParameters(Map.of("add-req-params-fail-fast", "true")).orElseThrow();
        assertEquals(Severity.LOW, finding.severity());
        assertTrue(finding.problem().contains("longer than 2000 characters"), finding.problem());

        assertEquals(Severity.LOW, requestParameters(Map.of("add-req-params-fail-fast", "true", "add-req-params-max-size", "4096",
                "add-req-params-max-overall-size", "3000")).orElseThrow().severity(), "the overall limit caps the parameter too");
    }

    @Test
    void theDemoServersOptionsAreFine() {
        assertEquals(Optional.empty(), requestParameters(Map.of("add-req-params-fail-fast", "true", "add-req-params-max-size", "4096")));
        assertEquals(Optional.empty(), requestParameters(Map.of("add-req-params-fail-fast", "true", "add-req-params-max-size", "8192")));
    }

    /** The finding for a server started with these options of the openid-connect login protocol. */
    private static Optional<PostureFinding> requestParameters(Map<String, String> options) {
        Config.Scope scope = (Config.Scope) Proxy.newProxyInstance(RequestParametersPostureTest.class.getClassLoader(),
                new Class<?>[]{Config.Scope.class}, (proxy, method, args) -> {
                    String value = options.get((String) args[0]);
                    Object fallback = args.length > 1 ? args[1] : null;
                    return switch (method.getName()) {
                        case "getInt" -> value == null ? fallback : Integer.valueOf(value);
                        case "getBoolean" -> value == null ? fallback : Boolean.valueOf(value);
                        case "get" -> value == null ? fallback : value;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
        return SecurityPosture.requestParameters("nordic-bank", new OIDCProviderConfig(scope));
    }
}
