package io.nordicsca.keycloak.lockout.unlock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnlockDecoyTest {

    @Test
    void aCustomersNumberOnFileIsMaskedAsTheSmsStepMasksIt() {
        assertEquals("+46•••••••01", UnlockDecoy.mask("+46701220001", "kari", "realm"));
        assertEquals("+46•••••••01", UnlockDecoy.mask("070-111 00 01", "kari", "realm"), "a Swedish national number");
        assertEquals("+358•••••••67", UnlockDecoy.mask("+358401234567", "kari", "realm"));
    }

    @Test
    void anUnknownUsernameGetsASwedishMobileEndingThatIsTheSameEveryTime() {
        String first = UnlockDecoy.mask(null, "nobody", "realm");
        assertTrue(first.matches("\\+46•{7}\\d\\d"), first);
        assertEquals(first, UnlockDecoy.mask(null, "NOBODY", "realm"), "usernames are case-insensitive in Keycloak");
        assertEquals(first, UnlockDecoy.mask("12", "nobody", "realm"), "an unusable number on file reads like none");
    }
}
