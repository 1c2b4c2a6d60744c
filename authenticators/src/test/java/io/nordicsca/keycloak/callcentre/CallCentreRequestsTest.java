package io.nordicsca.keycloak.callcentre;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The call-centre API's bodies and the count key of a name: what is refused, and that a name never shows. */
class CallCentreRequestsTest {

    /** Stands for the realm's active HMAC key (HS512: 64 bytes). */
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(Runnable call) {
        WebApplicationException refused = assertThrows(WebApplicationException.class, call::run);
        assertEquals(400, refused.getResponse().getStatus());
        return (String) ((Map<?, ?>) refused.getResponse().getEntity()).get("error_description");
    }

    @Test
    void theCustomerAndTheCodeAreReadAsGiven() {
        assertEquals(" dana ", CallCentreRequests.customer(body("{\"customer\": \" dana \"}")));
        assertEquals("123 456", CallCentreRequests.code(body("{\"code\": \"123 456\", \"extra\": 1}")));
    }

    @Test
    void aBodyThatIsNotTheApisIsA400NamingTheField() {
        assertEquals("the body must be a JSON object", refusal(() -> CallCentreRequests.customer(body("customer=dana"))));
        assertEquals("the body must be a JSON object", refusal(() -> CallCentreRequests.customer(body("[\"dana\"]"))));
        assertEquals("the body must be a JSON object", refusal(() -> CallCentreRequests.customer(body(""))));
        assertEquals("the body must be a JSON object", refusal(() -> CallCentreRequests.customer(null)));
        assertEquals("customer must be a non-empty string", refusal(() -> CallCentreRequests.customer(body("{}"))));
        assertEquals("customer must be a non-empty string", refusal(() -> CallCentreRequests.customer(body("{\"customer\": 4711}"))));
        assertEquals("customer must be a non-empty string", refusal(() -> CallCentreRequests.customer(body("{\"customer\": \"  \"}"))));
        assertEquals("customer must be at most 128 characters",
                refusal(() -> CallCentreRequests.customer(body("{\"customer\": \"" + "x".repeat(129) + "\"}"))));
        assertEquals("code must be a non-empty string", refusal(() -> CallCentreRequests.code(body("{\"code\": null}"))));
        assertTrue(refusal(() -> CallCentreRequests.code(body("{\"code\": \"" + "1".repeat(5000) + "\"}"))).startsWith("bodies are limited"));
    }

    @Test
    void aNamesCountKeyIgnoresWhatTheLookupIgnoresAndCaseAndNeverShowsTheName() {
        String key = CallCentreRequests.hintKey(SECRET, "realm-1", "19800101-1234");
        assertEquals(key, CallCentreRequests.hintKey(SECRET, "realm-1", " 19800101-1234\t"));
        assertEquals(key, CallCentreRequests.hintKey(SECRET, "realm-1", "\u200319800101-1234\u3000"), "Unicode spaces around it, as the lookup strips them");
        assertNotEquals(key, CallCentreRequests.hintKey(SECRET, "realm-1", "1980 0101-1234"), "inside, a space makes another name, for the lookup too");
        assertEquals(CallCentreRequests.hintKey(SECRET, "realm-1", "dana"), CallCentreRequests.hintKey(SECRET, "realm-1", "dana\u2003"),
                "the name the lookup finds dana by shares dana's count");
        assertEquals(CallCentreRequests.hintKey(SECRET, "realm-1", "Dana"), CallCentreRequests.hintKey(SECRET, "realm-1", "dANA"));
        assertNotEquals(key, CallCentreRequests.hintKey(SECRET, "realm-2", "19800101-1234"), "each realm counts its own");
        assertNotEquals(key, CallCentreRequests.hintKey(SECRET, "realm-1", "19800101-1235"));
        assertFalse(key.contains("1980"), key);
        assertEquals(43, key.length(), "an HMAC-SHA256, base64url");
    }

    @Test
    void aNamesCountKeyNeedsTheRealmsSecretSoThatNobodyCanTryEveryIdNumberAgainstIt() throws Exception {
        String name = "19800101-1234";
        String key = CallCentreRequests.hintKey(SECRET, "realm-1", name);
        assertNotEquals(key, CallCentreRequests.hintKey("another realm's secret".getBytes(StandardCharsets.UTF_8), "realm-1", name));
        for (String algorithm : new String[] {"SHA-256", "SHA-512"}) {
            for (String input : new String[] {name, "realm-1\n" + name}) {
                String digest = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8)));
                assertFalse(digest.startsWith(key.substring(0, 20)), "no plain " + algorithm + " digest of the name");
            }
        }
    }

    @Test
    void theLookupAttributeIsAPlainAttributeNameAndNeverOneOfKeycloaksOwnNames() {
        assertEquals(null, CallCentreSettings.attributeProblem(""));
        assertEquals(null, CallCentreSettings.attributeProblem("customerNumber"));
        assertEquals(null, CallCentreSettings.attributeProblem("national.id_no-2"));
        assertEquals("nordicScaSettings.callCentreLookupAttribute.invalid", CallCentreSettings.attributeProblem("customer number"));
        assertEquals("nordicScaSettings.callCentreLookupAttribute.invalid", CallCentreSettings.attributeProblem("x".repeat(65)));
        for (String reserved : new String[] {"username", "email", "firstName", "lastName"}) {
            assertEquals("nordicScaSettings.callCentreLookupAttribute.reserved", CallCentreSettings.attributeProblem(reserved));
        }
    }
}
