package io.nordicsca.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class OutboundHttpTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8089", "http://LOCALHOST:8089/", "http://127.0.0.1:8089", "http://127.1.2.3:8089",
            "https://[::1]:8443/twilio", " http://127.0.0.1:8089 "})
    void aStandInOnThisMachineIsAccepted(String url) {
        assertEquals(URI.create(url.trim()), OutboundHttp.testBaseUrl(url, "Twilio"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.twilio.com", "http://128.0.0.1:8089", "http://127.0.0.256:8089", "http://10.0.0.1",
            "http://[::2]:8089", "http://[2001:db8::1]:8089", "http://localhost.attacker.example", "http://127.0.0.1.nip.io",
            "http://0.0.0.0:8089", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data", "http://127.0.0.01:8089",
            "http://127.000.000.001:8089"})
    void anyOtherAddressIsRefusedWithWhatWasGiven(String url) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> OutboundHttp.testBaseUrl(url, "FCM"));
        assertEquals(true, refused.getMessage().startsWith("api-base-url is for a local FCM stand-in"), refused.getMessage());
    }

    @Test
    void noTestBaseUrlMeansTheRealService() {
        assertNull(OutboundHttp.testBaseUrl(null, "Twilio"));
        assertNull(OutboundHttp.testBaseUrl("  ", "Twilio"));
    }

    @Test
    void theTimeoutIsClampedIntoItsDeclaredRange() {
        OutboundHttp.Timeout timeout = new OutboundHttp.Timeout(500, 30_000, 10_000);
        assertEquals(Duration.ofMillis(10_000), timeout.read(options(null)));
        assertEquals(Duration.ofMillis(2_500), timeout.read(options("2500")));
        assertEquals(Duration.ofMillis(500), timeout.read(options("1")));
        assertEquals(Duration.ofMillis(500), timeout.read(options("-4000")));
        assertEquals(Duration.ofMillis(30_000), timeout.read(options("86400000")));
    }

    @Test
    void aTimeoutWhoseDefaultLiesOutsideItsRangeIsADeclarationError() {
        assertThrows(IllegalArgumentException.class, () -> new OutboundHttp.Timeout(500, 30_000, 100));
        assertThrows(IllegalArgumentException.class, () -> new OutboundHttp.Timeout(0, 30_000, 100));
    }

    /** Server options as Keycloak hands them to a provider factory. */
    private static Config.Scope options(String timeoutMs) {
        Map<String, String> values = new HashMap<>();
        if (timeoutMs != null) {
            values.put(OutboundHttp.Timeout.OPTION, timeoutMs);
        }
        return ServerOptions.of(values);
    }
}
