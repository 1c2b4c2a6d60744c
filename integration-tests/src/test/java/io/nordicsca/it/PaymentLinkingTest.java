package io.nordicsca.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import io.nordicsca.keycloak.payment.PaymentRefreshRefusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payments with dynamic linking, as a relying party sends them: OAuth Rich Authorization Requests
 * ({@code authorization_details} of type {@code payment_initiation}) with {@code acr_values}
 * {@code urn:nordic-sca:loa:sca-linked}, plain and pushed (PAR), to the demo realm as shipped. The
 * customer has a mobile number and a code card; the SMS names amount and payee, the code card is not
 * offered, and the tokens carry exactly the approved payment.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class PaymentLinkingTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String LINKED = "urn:nordic-sca:loa:sca-linked";
    private static final String SCA = "urn:nordic-sca:loa:sca";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();
    private static final String POWER = payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void smsThroughTwilio() {
        SmsStep.configure(realm, Map.of());
    }

    @Test
    void theSmsNamesAmountAndPayeeTheCardIsNotOfferedAndTheTokensCarryTheApprovedPayment() throws Exception {
        String number = "+46701310001";
        String userId = customer("pay-plain", number);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Browser browser = new Browser(urls.getBase());

        Page sms = signIn(browser, app.authorizationUrl(Map.of("acr_values", LINKED, "authorization_details", "[" + POWER + "]")), "pay-plain");
        assertTrue(SmsStep.isCodePage(sms), "with a payment the card is skipped and the SMS asked: " + sms.body());
        assertEquals("1,250.00 EUR", sms.textOf("sms-payment-amount"));
        assertEquals("Nordic Power Oy", sms.textOf("sms-payment-payee"));
        assertEquals("FI2112345600000785", sms.textOf("sms-payment-account"));
        assertCardNotOffered(sms);
        TwilioStandIn.Sms text = last(number);
        assertTrue(text.body().startsWith(ENGLISH.text("smsPaymentText", "Nordic Bank", text.code(), 5, "1,250.00 EUR", "Nordic Power Oy", "FI**0785")),
                "the SMS names amount and payee, by name and by account: " + text.body());
        assertTrue(text.body().contains("to Nordic Power Oy, account FI**0785."), "the account is the IBAN's country and last four: " + text.body());

        // The sign-in's second factor already named and bound the payment: the payment level asks no second code.
        int sent = TWILIO.sentTo(number).size();
        OidcClient.Tokens tokens = app.exchange(redirect(SmsStep.answer(sms, text.code())));
        assertEquals(sent, TWILIO.sentTo(number).size(), "one SMS for a payment sign-in");
        assertEquals(200, tokens.status(), String.valueOf(tokens.response().getErrorDescription()));
        assertPayment(tokens.response().getAuthorizationDetails(), "1250.00", "Nordic Power Oy");
        assertPayment(tokens.accessToken().getAuthorizationDetails(), "1250.00", "Nordic Power Oy");
        assertEquals(LINKED, tokens.accessToken().getAcr());
        assertEquals(LINKED, tokens.idToken().getAcr());
        assertEquals(0, AttackDetection.failures(AttackDetection.status(realm, userId)));

        // A payment is approved once: Keycloak would copy it into every refreshed token, so its refresh is refused.
        OidcClient.Tokens refreshed = app.refresh(tokens);
        assertEquals(400, refreshed.status());
        assertEquals("invalid_grant", refreshed.response().getError());
        assertEquals(PaymentRefreshRefusal.DESCRIPTION, refreshed.response().getErrorDescription());
    }

    @Test
    void aPushedRequestCarriesThePaymentTheSameWay() throws Exception {
        String number = "+46701310002";
        customer("pay-par", number);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        String jpy = payment("125000", "JPY", "Åsa Öberg Konsult", "SE4550000000058398257466");
        HttpResponse<String> pushed = app.push(Map.of("acr_values", LINKED, "authorization_details", "[" + jpy + "]"));
        assertEquals(201, pushed.statusCode(), pushed.body());
        Page sms = signIn(new Browser(urls.getBase()), app.pushedAuthorizationUrl(requestUri(pushed)), "pay-par");
        assertEquals("125,000 JPY", sms.textOf("sms-payment-amount"), "a currency without decimals");
        assertEquals("Åsa Öberg Konsult", sms.textOf("sms-payment-payee"));
        TwilioStandIn.Sms approval = last(number);
        assertTrue(approval.body().contains("125,000 JPY to Åsa Öberg Konsult, account SE**7466."), approval.body());

        OidcClient.Tokens tokens = app.exchange(redirect(SmsStep.answer(sms, approval.code())));
        assertEquals(200, tokens.status(), String.valueOf(tokens.response().getErrorDescription()));
        assertPayment(tokens.response().getAuthorizationDetails(), "125000", "Åsa Öberg Konsult");
        assertEquals(LINKED, tokens.accessToken().getAcr());
    }

    @Test
    void malformedOrOversizedPaymentsGetAClearErrorAtTheAuthorizationEndpointNeverASignIn() {
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Map<String, String> refused = Map.of(
                "[" + POWER.replace("FI2112345600000785", "FI2112345600000786") + "]", "creditorAccount.iban",
                "[" + POWER.replace("\"1250.00\"", "\"-1250.00\"") + "]", "instructedAmount.amount",
                "[" + POWER.replace("\"1250.00\"", "\"1000000000.00\"") + "]", "instructedAmount.amount",
                "[" + POWER.replace("EUR", "XYZ") + "]", "instructedAmount.currency",
                "[" + POWER + "," + POWER + "]", "one payment per request",
                "[" + POWER.replace("Nordic Power Oy", "Nordic\\nPower") + "]", "creditorName",
                "not json", "");
        refused.forEach((details, named) -> {
            Page page = new Browser(urls.getBase()).open(app.authorizationUrl(Map.of("acr_values", LINKED, "authorization_details", details)));
            assertSignInRefused(page, details);
            Map<String, String> error = OidcClient.query(page.redirectedAwayTo());
            assertEquals("invalid_request", error.get("error"), details);
            assertTrue(error.get("error_description").contains(named), details + " -> " + error.get("error_description"));
        });

        // Keycloak's PAR endpoint stores authorization_details unread; the authorization endpoint reads it when the request is used.
        HttpResponse<String> pushed = app.push(Map.of("acr_values", LINKED, "authorization_details", "[" + POWER + "," + POWER + "]"));
        assertEquals(201, pushed.statusCode(), pushed.body());
        Page pushedTwo = new Browser(urls.getBase()).open(app.pushedAuthorizationUrl(requestUri(pushed)));
        assertSignInRefused(pushedTwo, "pushed: two payments");
        Map<String, String> error = OidcClient.query(pushedTwo.redirectedAwayTo());
        assertEquals("invalid_request", error.get("error"));
        assertEquals("Invalid payment_initiation: one payment per request", error.get("error_description"));

        String oversized = "[" + POWER.replace("{\"type\"", "{\"locations\":[\"https://pay.example/" + "x".repeat(4100) + "\"],\"type\"") + "]";
        HttpResponse<String> tooLong = app.push(Map.of("acr_values", LINKED, "authorization_details", oversized));
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("invalid_request"), tooLong.body());
        assertFalse(tooLong.body().contains("request_uri"), tooLong.body());
    }

    @Test
    void theLevelWithoutAPaymentEndsWithAnOidcErrorNeverALevel3Token() {
        String number = "+46701310003";
        Customers.addWithPhone(realm, "pay-missing", PASSWORD, number); // no card: the SMS is the sign-in's second factor
        // Plain, and with a Keycloak credential action (which alone may reach this level without a payment,
        // for the account console's "remove"): a client that asked for the payment level itself gets no way round it.
        for (Map<String, String> request : List.of(Map.of("acr_values", LINKED), Map.of("acr_values", LINKED, "kc_action", "CONFIGURE_TOTP"))) {
            OidcClient app = OidcClient.demo(realm.getBaseUrl());
            Page sms = signIn(new Browser(urls.getBase()), app.authorizationUrl(request), "pay-missing");
            assertNull(sms.textOf("sms-payment-amount"), "no payment, none shown");
            Page end = SmsStep.answer(sms, last(number).code());
            URI redirect = end.redirectedAwayTo();
            assertNotNull(redirect, request + ": " + end.body());
            Map<String, String> error = OidcClient.query(redirect);
            assertNull(error.get("code"), "no code: " + redirect);
            assertEquals("access_denied", error.get("error"), request.toString());
            assertEquals("urn:nordic-sca:loa:sca-linked needs a payment_initiation in authorization_details", error.get("error_description"));
        }
    }

    @Test
    void aTokenRequestWithOtherAuthorizationDetailsIsRefused() throws Exception {
        String number = "+46701310004";
        customer("pay-swap", number);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        URI redirect = pay(new Browser(urls.getBase()), app, POWER, "pay-swap", number);
        String other = payment("9250.00", "EUR", "Nordic Power Oy", "FI2112345600000785");
        OidcClient.Tokens tokens = app.exchange(redirect, Map.of("authorization_details", "[" + other + "]"));
        assertEquals(400, tokens.status());
        assertNull(tokens.response().getToken());
        assertEquals("invalid_authorization_details", tokens.response().getError(), tokens.response().getErrorDescription());
    }

    @Test
    void aPaymentWithoutThePaymentLevelIsLinkedByTheSmsThatNamesItAndTheTokenSaysLevel2() throws Exception {
        String number = "+46701310005";
        customer("pay-no-acr", number);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Page sms = signIn(new Browser(urls.getBase()), app.authorizationUrl(Map.of("authorization_details", "[" + POWER + "]")), "pay-no-acr");
        assertEquals("Nordic Power Oy", sms.textOf("sms-payment-payee"), "the sign-in's SMS names the payment");
        TwilioStandIn.Sms text = last(number);
        assertTrue(text.body().contains("1,250.00 EUR to Nordic Power Oy"), text.body());
        OidcClient.Tokens tokens = app.exchange(redirect(SmsStep.answer(sms, text.code())));
        assertEquals(200, tokens.status(), String.valueOf(tokens.response().getErrorDescription()));
        assertPayment(tokens.response().getAuthorizationDetails(), "1250.00", "Nordic Power Oy");
        assertEquals(SCA, tokens.accessToken().getAcr(), "the token says the payment level was not asked for");
    }

    @Test
    void afterAPaymentAPlainSignInCarriesNoPaymentAndTheNextPaymentIsAskedAgain() throws Exception {
        String number = "+46701310006";
        customer("pay-twice", number);
        Browser browser = new Browser(urls.getBase());
        OidcClient first = OidcClient.demo(realm.getBaseUrl());
        assertEquals(200, first.exchange(pay(browser, first, POWER, "pay-twice", number)).status());

        OidcClient plain = OidcClient.demo(realm.getBaseUrl());
        int sent = TWILIO.sentTo(number).size();
        OidcClient.Tokens signedIn = plain.exchange(redirect(browser.open(plain.authorizationUrl())));
        assertEquals(200, signedIn.status(), String.valueOf(signedIn.response().getErrorDescription()));
        assertNull(signedIn.response().getAuthorizationDetails());
        assertNull(signedIn.accessToken().getAuthorizationDetails());
        assertEquals(SCA, signedIn.accessToken().getAcr());
        assertEquals(sent, TWILIO.sentTo(number).size(), "the session's sign-in asked nothing");

        // The same session, another payment: the payment level is never remembered (max age 0).
        String water = payment("75.40", "EUR", "Nordic Water Oy", "FI2112345600000785");
        OidcClient second = OidcClient.demo(realm.getBaseUrl());
        Page sms = browser.open(second.authorizationUrl(Map.of("acr_values", LINKED, "authorization_details", "[" + water + "]")));
        assertTrue(SmsStep.isCodePage(sms), "asked again, without the password: " + sms.body());
        assertEquals("Nordic Water Oy", sms.textOf("sms-payment-payee"));
        OidcClient.Tokens paid = second.exchange(redirect(SmsStep.answer(sms, last(number).code())));
        assertEquals(200, paid.status(), String.valueOf(paid.response().getErrorDescription()));
        assertPayment(paid.response().getAuthorizationDetails(), "75.40", "Nordic Water Oy");
        assertEquals(LINKED, paid.accessToken().getAcr());
    }

    @Test
    void anApprovalWhoseCodeWasNeverRedeemedIsNotCarriedIntoTheNextSignIn() throws Exception {
        String number = "+46701310007";
        customer("pay-abandoned", number);
        Browser browser = new Browser(urls.getBase());
        pay(browser, OidcClient.demo(realm.getBaseUrl()), POWER, "pay-abandoned", number); // the app never redeems this code

        OidcClient plain = OidcClient.demo(realm.getBaseUrl());
        OidcClient.Tokens signedIn = plain.exchange(redirect(browser.open(plain.authorizationUrl())));
        assertEquals(200, signedIn.status(), String.valueOf(signedIn.response().getErrorDescription()));
        assertNull(signedIn.response().getAuthorizationDetails(), "the earlier payment is not this sign-in's");
        assertNull(signedIn.accessToken().getAuthorizationDetails());
    }

    @Test
    void wrongCodesDuringAPaymentCountTowardsLockoutLikeAnySignIn() throws InterruptedException {
        String number = "+46701310008";
        String userId = customer("pay-wrong", number);
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Page sms = signIn(new Browser(urls.getBase()), app.authorizationUrl(Map.of("acr_values", LINKED, "authorization_details", "[" + POWER + "]")), "pay-wrong");
        String code = last(number).code();
        Page wrong = SmsStep.answer(sms, code.equals("000000") ? "111111" : "000000");
        assertEquals(ENGLISH.text("smsCodeInvalid", 2), wrong.textOf(SmsStep.ERROR_ID));
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 1)));
        Thread.sleep(1200);
        assertNotNull(SmsStep.answer(wrong, code).redirectedAwayTo(), "the right code still approves");
    }

    /** A customer with a mobile number and an activated code card (which the card step would ask first). */
    private String customer(String username, String number) {
        String userId = Customers.addWithPhone(realm, username, PASSWORD, number);
        new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);
        return userId;
    }

    private static Page signIn(Browser browser, String authorizationUrl, String username) {
        return browser.open(authorizationUrl).form("kc-form-login").set("username", username).set("password", PASSWORD).submit();
    }

    /** A whole payment sign-in with acr_values sca-linked: password, then one SMS code that names and binds the payment. */
    private URI pay(Browser browser, OidcClient app, String payment, String username, String number) {
        Page sms = signIn(browser, app.authorizationUrl(Map.of("acr_values", LINKED, "authorization_details", "[" + payment + "]")), username);
        return redirect(SmsStep.answer(sms, last(number).code()));
    }

    private static String requestUri(HttpResponse<String> pushed) {
        try {
            return (String) JsonSerialization.readValue(pushed.body(), Map.class).get("request_uri");
        } catch (java.io.IOException e) {
            throw new AssertionError(pushed.body(), e);
        }
    }

    private static URI redirect(Page page) {
        assertNotNull(page.redirectedAwayTo(), "expected the way back to the app: " + page.body());
        return page.redirectedAwayTo();
    }

    private static TwilioStandIn.Sms last(String number) {
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo(number);
        assertFalse(sent.isEmpty(), "no SMS to " + number);
        return sent.get(sent.size() - 1);
    }

    /** Not on the page and not in "Try another way": the card cannot show a payment. */
    private static void assertCardNotOffered(Page page) {
        assertTrue(page.document().getElementById(CodeCardStep.FORM) == null);
        if (page.document().getElementById("kc-select-try-another-way-form") != null) {
            Page choices = page.form("kc-select-try-another-way-form").submit();
            assertFalse(choices.body().contains(ENGLISH.text("code-card-display-name")), choices.body());
        }
    }

    private static void assertSignInRefused(Page page, String details) {
        assertNotNull(page.redirectedAwayTo(), "back to the app with an error, not a sign-in page: " + details + "\n" + page.body());
        assertNull(OidcClient.query(page.redirectedAwayTo()).get("code"), details);
    }

    private static void assertPayment(List<AuthorizationDetailsJSONRepresentation> details, String amount, String payee) {
        assertNotNull(details, "authorization_details");
        assertEquals(1, details.size(), String.valueOf(details));
        AuthorizationDetailsJSONRepresentation detail = details.get(0);
        assertEquals("payment_initiation", detail.getType());
        assertEquals(amount, ((Map<?, ?>) detail.getCustomData().get("instructedAmount")).get("amount"));
        assertEquals(payee, detail.getCustomData().get("creditorName"));
    }

    private static String payment(String amount, String currency, String payee, String iban) {
        return "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"" + currency + "\",\"amount\":\"" + amount + "\"},"
                + "\"creditorName\":\"" + payee + "\",\"creditorAccount\":{\"iban\":\"" + iban + "\"},"
                + "\"remittanceInformationUnstructured\":\"Invoice 4711\"}";
    }
}
