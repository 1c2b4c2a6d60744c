package io.nordicsca.keycloak.sms;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one code generator and the code as kept in the shared store. */
class OneTimeCodesTest {

    @Test
    void aCodeIsThatManyDecimalDigitsAndCodesVary() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = OneTimeCodes.generate(6);
            assertTrue(code.matches("[0-9]{6}"), code);
            codes.add(code);
        }
        assertTrue(codes.size() > 190, "random codes rarely repeat: " + codes.size() + " of 200 distinct");
        assertEquals(10, OneTimeCodes.generate(10).length());
    }

    @Test
    void aKeptCodeMatchesOnlyItselfAndTheSaltMakesEqualCodesLookUnrelated() {
        String salt = OneTimeCodes.random(16);
        String kept = OneTimeCodes.hash(salt, "123456");
        assertFalse(kept.contains("123456"));
        assertTrue(OneTimeCodes.same(kept, OneTimeCodes.hash(salt, "123456")));
        assertFalse(OneTimeCodes.same(kept, OneTimeCodes.hash(salt, "123457")));
        assertNotEquals(kept, OneTimeCodes.hash(OneTimeCodes.random(16), "123456"));
        assertNotEquals(OneTimeCodes.random(24), OneTimeCodes.random(24));
        assertEquals(32, OneTimeCodes.random(24).length(), "24 random bytes, base64url");
    }
}
