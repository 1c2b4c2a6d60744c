package io.nordicsca.keycloak.callcentre;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one reading of a caller's name that the lookup and the name's count of codes share. */
class CustomerLookupTest {

    @Test
    void theNameLosesTheWhitespaceAroundItUnicodesIncludedAndNothingElse() {
        assertEquals("dana", CustomerLookup.normalized(" dana\t\n"));
        assertEquals("dana", CustomerLookup.normalized("dana\u2003"), "em space");
        assertEquals("dana", CustomerLookup.normalized("\u3000dana\u2028"), "ideographic space, line separator");
        assertEquals("Dana Demo", CustomerLookup.normalized(" Dana Demo "), "inside and its case, the name is as given");
        assertEquals("19800101-1234", CustomerLookup.normalized("\u200519800101-1234"));
        assertEquals("", CustomerLookup.normalized(null));
        assertEquals("", CustomerLookup.normalized("\u2003 "));
    }
}
