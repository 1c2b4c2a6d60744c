package io.nordicsca.it;

import java.util.List;
import java.util.Map;

import io.nordicsca.companion.Answer;
import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceApiException;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.companion.Jws;
import io.nordicsca.companion.Payment;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic linking in the app (PSD2 RTS art. 5): a relying party asks for a payment in the authorization
 * request (RFC 9396 {@code authorization_details}); the app is shown amount and payee, recomputes the
 * transaction hash from what it shows and signs it; only that hash approves, and the token carries
 * the approved payment. The companion plays the phone.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppPaymentLinkingTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    /** What the demo web app sends: RFC 9396 §2's example shape, 1 250,00 EUR to Nordic Power Oy. */
    private static final String PAYMENT = "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1250.00\"},"
            + "\"creditorName\":\"Nordic Power Oy\",\"creditorAccount\":{\"iban\":\"FI2112345600000785\"}}]";
    private static final Map<String, String> PAYMENT_REQUEST = Map.of("authorization_details", PAYMENT,
            "acr_values", "urn:nordic-sca:loa:sca-linked");
    /**
     * The transaction hash of that payment, computed outside Java:
     * printf 'payment_initiation\n1250.00\nEUR\nNordic Power Oy\nFI2112345600000785\n' | openssl dgst -sha256 -binary | basenc --base64url | tr -d =
     */
    private static final String PAYMENT_HASH = "bfPMKpsDkNQRw5R9BkwNTxUB9tjG3mOWf83FOy6jico";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void theAppShowsAmountAndPayeeAndItsApprovalPutsThePaymentIntoTheToken() throws Exception {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "pay-user-approve", PASSWORD).phone();
        OidcClient shop = OidcClient.demo(realm.getBaseUrl());

        Page waiting = paymentSignIn(shop, "pay-user-approve");
        assertEquals(ENGLISH.text("appPaymentInstruction", "1,250.00 EUR", "Nordic Power Oy"), waiting.textOf("app-payment"),
                "the browser names what the app will show");

        Challenge challenge = phone.pending().get(0);
        Payment payment = challenge.payment();
        assertNotNull(payment, "the app is given the payment: " + challenge);
        assertEquals(new Payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785", null, PAYMENT_HASH), payment,
                "amount, currency, payee, account and the hash of exactly these");
        assertEquals(PAYMENT_HASH, payment.ownHash(), "the companion's own canonical form gives the same hash");

        assertEquals("approved", phone.approve(challenge, AppStep.eventId(waiting)).result());
        assertEquals(PAYMENT_HASH, Jws.payloadOf(phone.lastRequestBody()).get("transaction_hash").asText(),
                "the app signed the hash it computed");
        Page signedIn = AppStep.continueAfterAnswer(waiting);
        assertNotNull(signedIn.redirectedAwayTo(), "the approval signs in: " + signedIn.body());

        OidcClient.Tokens tokens = shop.exchange(signedIn.redirectedAwayTo());
        assertEquals(200, tokens.status(), "the code grant gives tokens");
        assertApprovedPayment(tokens.response().getAuthorizationDetails(), "the token response");
        AccessToken accessToken = new JWSInput(tokens.response().getToken()).readJsonContent(AccessToken.class);
        assertApprovedPayment(accessToken.getAuthorizationDetails(), "the access token");
    }

    @Test
    void anApprovalSignedOverATamperedAmountIsRefusedCountedAndGivesNoToken() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "pay-user-tampered", PASSWORD).phone();
        String userId = userId("pay-user-tampered");

        Page waiting = paymentSignIn(OidcClient.demo(realm.getBaseUrl()), "pay-user-tampered");
        String eventId = AppStep.eventId(waiting);
        Challenge challenge = phone.pending().get(0);
        // A screen that shows 9 250,00 EUR signs that amount's hash.
        String tamperedHash = challenge.payment().withAmount("9250.00").ownHash();

        Answer refused = phone.answer(challenge.id(), eventId, DeviceClient.APPROVE, tamperedHash);
        assertEquals(400, refused.status());
        assertEquals("wrong_payment", refused.error());
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 1)), "it counts towards lockout");
        assertTrue(realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 50).stream()
                .anyMatch(event -> "app_wrong_payment".equals(event.getError()) && event.getDetails() != null
                        && PAYMENT_HASH.equals(event.getDetails().get("payment_hash"))), "the bank sees it as an event, naming the payment");

        DeviceApiException late = assertThrows(DeviceApiException.class, () -> phone.approve(challenge, eventId));
        assertEquals("already_answered", late.error(), "a right approval after the refusal is too late");

        Page declined = AppStep.continueAfterAnswer(waiting);
        assertNull(declined.redirectedAwayTo(), "no code, so no token: " + declined.body());
        assertEquals("NSCA-4007", AppStep.outcome(declined), "another payment: " + declined.body());
    }

    @Test
    void anApprovalOfAPaymentWithoutTransactionHashIsRefused() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "pay-user-no-hash", PASSWORD).phone();
        String userId = userId("pay-user-no-hash");

        Page waiting = paymentSignIn(OidcClient.demo(realm.getBaseUrl()), "pay-user-no-hash");
        Challenge challenge = phone.pending().get(0);
        Answer refused = phone.answer(challenge.id(), AppStep.eventId(waiting), DeviceClient.APPROVE);
        assertEquals(400, refused.status());
        assertEquals("wrong_payment", refused.error(), "an app that does not sign the payment cannot approve it");
        AttackDetection.awaitFailures(realm, userId, 1);

        Page declined = AppStep.continueAfterAnswer(waiting);
        assertNull(declined.redirectedAwayTo(), declined.body());
        assertEquals("NSCA-4007", AppStep.outcome(declined), "another payment: " + declined.body());
    }

    @Test
    void anOrdinarySignInsApprovalWithATransactionHashIsRefused() {
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), "pay-user-plain", PASSWORD).phone();

        Page waiting = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "pay-user-plain", PASSWORD);
        assertNull(waiting.textOf("app-payment"), "a sign-in alone names no payment");
        Challenge challenge = phone.pending().get(0);
        assertNull(challenge.payment(), "the app is shown no payment");

        Answer refused = phone.answer(challenge.id(), AppStep.eventId(waiting), DeviceClient.APPROVE, PAYMENT_HASH);
        assertEquals(400, refused.status());
        assertEquals("wrong_payment", refused.error(), "the app believes it approves a payment the bank does not know of");

        Page declined = AppStep.continueAfterAnswer(waiting);
        assertNull(declined.redirectedAwayTo(), declined.body());
        assertEquals("NSCA-4007", AppStep.outcome(declined), "another payment: " + declined.body());
    }

    /** The relying party's payment request; after the password, whatever page comes next. */
    private Page paymentSignIn(OidcClient shop, String username) {
        return new Browser(urls.getBase()).open(shop.authorizationUrl(PAYMENT_REQUEST)).form("kc-form-login")
                .set("username", username).set("password", PASSWORD).submit();
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private static void assertApprovedPayment(List<AuthorizationDetailsJSONRepresentation> details, String where) {
        assertNotNull(details, where + " carries authorization_details");
        assertEquals(1, details.size(), where + ": " + details);
        AuthorizationDetailsJSONRepresentation detail = details.get(0);
        assertEquals("payment_initiation", detail.getType(), where);
        Map<String, Object> data = detail.getCustomData();
        assertEquals(Map.of("currency", "EUR", "amount", "1250.00"), data.get("instructedAmount"), where);
        assertEquals("Nordic Power Oy", data.get("creditorName"), where);
        assertEquals(Map.of("iban", "FI2112345600000785"), data.get("creditorAccount"), where);
    }
}
