package io.nordicsca.keycloak.sms.sender;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import io.nordicsca.keycloak.ServerOptions;
import io.nordicsca.keycloak.app.push.FcmPushSenderFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/**
 * The senders' {@code api-base-url} points at a local stand-in in tests: every sender accepts the
 * same loopback addresses and refuses the same others, so a test setup that works for one works for all.
 */
class TestBaseUrlTest {

    @Test
    void everySenderAcceptsTheIpv6LoopbackAsTheOthersDo() {
        Config.Scope options = options("http://[::1]:8089");
        assertDoesNotThrow(() -> TwilioSettings.from(options, variable -> null));
        assertDoesNotThrow(() -> new FcmPushSenderFactory().init(options));
    }

    @Test
    void everySenderRefusesAnAddressOffThisMachine() {
        Config.Scope options = options("https://[2001:db8::1]:8089");
        assertThrows(IllegalArgumentException.class, () -> TwilioSettings.from(options, variable -> null));
        assertThrows(IllegalArgumentException.class, () -> new FcmPushSenderFactory().init(options));
    }

    /** Server options as Keycloak hands them to a provider factory, here only {@code api-base-url}. */
    static Config.Scope options(String apiBaseUrl) {
        return ServerOptions.of(Map.of("api-base-url", apiBaseUrl));
    }
}
