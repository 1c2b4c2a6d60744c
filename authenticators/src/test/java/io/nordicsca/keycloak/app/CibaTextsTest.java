package io.nordicsca.keycloak.app;

import java.util.List;
import java.util.function.Predicate;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequest;
import org.keycloak.protocol.oidc.grants.ciba.endpoints.request.BackchannelAuthenticationEndpointRequestParserProcessor;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a CIBA caller's own texts become in the app: the binding message's look-alike decoys, the purpose;
 * and the request's mistakes found before the customer is looked up.
 */
class CibaTextsTest {

    @Test
    void decoysOfACallersEventIdKeepItsShape() {
        for (int round = 0; round < 50; round++) {
            List<String> options = EventIds.optionsLike("Ab-9.x");
            assertEquals(3, options.size(), options.toString());
            assertTrue(options.contains("Ab-9.x"), options.toString());
            assertTrue(options.stream().allMatch(option -> option.matches("[A-Z][a-z]-[0-9]\\.[a-z]")), options.toString());
            assertEquals(3, options.stream().map(EventIds::normalize).distinct().count(), "no two read alike: " + options);
        }
    }

    @Test
    void anEventIdWithNothingToVaryHasNoDecoys() {
        assertEquals(List.of(), EventIds.optionsLike("!?#"), "the app then asks to type it instead of offering a choice");
    }

    @Test
    void aStoredCibaChallengeKeepsItsRequestAndTellsTheAppWhyAndThatNoBrowserWaits() {
        ApprovalChallenge challenge = new ApprovalChallenge("id", "realm", "user", "K7QM", List.of(), "enter", "Call centre", "", "",
                900, 1_020, "key", null, new ApprovalChallenge.Ciba("result-id", "call-centre", "Card blocking"));
        assertEquals(challenge, ApprovalChallenge.of(challenge.toNotes()));
        assertEquals("Card blocking", challenge.forApp().get("purpose"));
        assertEquals(true, challenge.forApp().get("decoupled"));
        assertEquals("", challenge.forApp().get("ip"));

        ApprovalChallenge signIn = new ApprovalChallenge("id", "realm", "user", "K7QM", List.of(), "enter", "Bank", "10.1.x.x",
                "Chrome on Android", 900, 1_020, "key", null);
        assertEquals(signIn, ApprovalChallenge.of(signIn.toNotes()));
        assertNull(signIn.forApp().get("decoupled"), "a sign-in's request is not decoupled");
    }

    @Test
    void aPurposeIsOneShortLineOfText() {
        assertEquals("Card blocking", CibaChannel.purpose("  Card blocking "));
        assertEquals("x".repeat(60), CibaChannel.purpose("x".repeat(60)));
        assertNull(CibaChannel.purpose("x".repeat(61)));
        assertNull(CibaChannel.purpose("two\nlines"));
        assertNull(CibaChannel.purpose("tab\there"));
        assertNull(CibaChannel.purpose("   "));
        assertNull(CibaChannel.purpose(null));
    }

    @Test
    void theRequestsOwnMistakesAreSaidBeforeTheCustomerIsLookedUpWithKeycloaksErrors() {
        Predicate<String> clientScopes = scope -> List.of("openid", "profile", "openid profile").contains(scope);
        assertEquals(new CibaCustomers.Refusal("invalid_request", "missing parameter : scope"),
                CibaCustomers.refusal(null, clientScopes, null, null, false, null));
        assertEquals("invalid_scope", CibaCustomers.refusal("openid payments", clientScopes, null, null, false, null).error());
        assertEquals("invalid_binding_message", CibaCustomers.refusal("openid", clientScopes, "two words", null, false, null).error());
        assertEquals("invalid_binding_message", CibaCustomers.refusal("openid", clientScopes, "x".repeat(51), null, false, null).error());
        assertEquals(new CibaCustomers.Refusal("invalid_request", "Client Notification token supported only for the ping mode"),
                CibaCustomers.refusal("openid", clientScopes, null, "token", false, null));
        assertEquals(new CibaCustomers.Refusal("invalid_request", "Client Notification token needs to be provided with the ping mode"),
                CibaCustomers.refusal("openid", clientScopes, null, null, true, null));
        assertEquals("invalid_request", CibaCustomers.refusal("openid", clientScopes, null, "t".repeat(1025), true, null).error());
        assertEquals("invalid_request", CibaCustomers.refusal("openid", clientScopes, null, null, false, "1234").error());
        assertNull(CibaCustomers.refusal("openid profile", clientScopes, "K7-QM", null, false, null));
        assertNull(CibaCustomers.refusal("openid", clientScopes, "x".repeat(50), "t".repeat(1024), true, null));
    }

    @Test
    void aSignedRequestObjectIsReadOverTheFormAsKeycloakReadsIt() throws Exception {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("scope", "openid");
        form.add("binding_message", "FORM-1");
        form.add("purpose", "From the form");
        form.add("client_notification_token", "from-the-form");
        // The form alone, as Keycloak's parser reads it: no request object in it, so no client or session is needed.
        BackchannelAuthenticationEndpointRequest asked = BackchannelAuthenticationEndpointRequestParserProcessor.parseRequest(null, null, null,
                form, null);
        new CibaCustomers.SignedRequestObject(JsonSerialization.mapper.readTree("""
                {"login_hint": "anna", "binding_message": "two words", "requested_expiry": 60, "purpose": "two\\nlines",
                 "claims": {"id_token": {}}}""")).parseRequest(asked);
        assertEquals("anna", asked.getLoginHint());
        assertEquals("two words", asked.getBindingMessage(), "the object's value wins");
        assertEquals("openid", asked.getScope(), "the form's value where the object has none");
        assertEquals("from-the-form", asked.getClientNotificationToken());
        assertEquals(60, asked.getRequestedExpiry());
        assertEquals("{\"id_token\":{}}", asked.getClaims(), "a claim that is not text, as JSON");
        assertEquals("two\nlines", asked.getAdditionalReqParams().get("purpose"), "what the channel reads");
    }

    @Test
    void aDecoupledRequestIsNeverAskedByComparingTheHolderOfThePhoneMustHearTheCaller() {
        assertEquals(VerificationMode.ENTER, CibaChannel.decoupledMode(VerificationMode.COMPARE));
        assertEquals(VerificationMode.ENTER, CibaChannel.decoupledMode(VerificationMode.ENTER));
        assertEquals(VerificationMode.SELECT, CibaChannel.decoupledMode(VerificationMode.SELECT));
    }

    @Test
    void aChallengeEndsWithTheRequestButNeverOutlivesKeycloaksRecordOfIt() {
        assertEquals(1_030, CibaChannel.expiresAt(1_030L, 1_000, 120), "a shorter requested_expiry");
        assertEquals(1_120, CibaChannel.expiresAt(1_600L, 1_000, 120), "a longer one: Keycloak keeps its record for the policy's expires_in");
        assertEquals(1_120, CibaChannel.expiresAt(null, 1_000, 120));
    }
}
