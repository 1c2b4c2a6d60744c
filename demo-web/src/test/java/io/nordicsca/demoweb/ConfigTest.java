package io.nordicsca.demoweb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigTest {

    @Test
    void defaultsAreTheDemoRealmsClientOnPort3000() {
        Config config = Config.fromArguments();
        assertEquals("http://localhost:8080/realms/nordic-bank", config.issuer());
        assertEquals("nordic-bank-web", config.clientId());
        assertEquals("http://localhost:3000/callback", config.redirectUri());
    }

    @Test
    void demoShPassesKeycloaksPort() {
        Config config = Config.fromArguments("--issuer=http://localhost:8081/realms/nordic-bank/", "--port=3000");
        assertEquals("http://localhost:8081/realms/nordic-bank", config.issuer(), "the issuer as Keycloak writes it, without the slash");
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> Config.fromArguments("--port=web"));
        assertThrows(IllegalArgumentException.class, () -> Config.fromArguments("--port=70000"));
        assertThrows(IllegalArgumentException.class, () -> Config.fromArguments("--issuer=ftp://localhost/realms/x"));
        assertThrows(IllegalArgumentException.class, () -> Config.fromArguments("--client-id="));
        assertThrows(IllegalArgumentException.class, () -> Config.fromArguments("--secret=x"));
    }
}
