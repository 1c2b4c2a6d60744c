package io.nordicsca.keycloak.lockout.unlock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnlockDecoyTest {

    @Test
    void aCustomersNumberOnFileIsMaskedAsTheSmsStepMasksIt() {
        assertEquals("+46•••••••01", UnlockDecoy.mask("+46701220001", "SE", "kari", "realm"));
        assertEquals("+46•••••••01", UnlockDecoy.mask("070-111 00 01", "SE", "kari", "realm"), "a Swedish national number");
        assertEquals("+358•••••••67", UnlockDecoy.mask("+358401234567", "SE", "kari", "realm"));
    }

    @Test
    void anUnknownUsernameGetsASwedishMobileEndingThatIsTheSameEveryTime() {
        String first = UnlockDecoy.mask(null, "SE", "nobody", "realm");
        assertTrue(first.matches("\\+46•{7}\\d\\d"), first);
        assertEquals(first, UnlockDecoy.mask(null, "SE", "NOBODY", "realm"), "usernames are case-insensitive in Keycloak");
        assertEquals(first, UnlockDecoy.mask("12", "SE", "nobody", "realm"), "an unusable number on file reads like none");
    }

    @Test
    void someoneWithoutANumberSeesAMobileNumberOfTheSmsStepsCountryNotAlwaysASwedishOne() {
        assertTrue(UnlockDecoy.mask(null, "FI", "nobody", "realm").startsWith("+358"), "Finnish bank: +358");
        assertTrue(UnlockDecoy.mask(null, "NO", "nobody", "realm").startsWith("+47"), "Norwegian bank: +47");
        assertTrue(UnlockDecoy.mask(null, "DK", "nobody", "realm").startsWith("+45"), "Danish bank: +45");
        assertEquals(UnlockDecoy.mask("+4791234567", "NO", "kari", "realm").length(), UnlockDecoy.mask(null, "NO", "nobody", "realm").length(),
                "as long as a real Norwegian mobile number masked");
    }
}
