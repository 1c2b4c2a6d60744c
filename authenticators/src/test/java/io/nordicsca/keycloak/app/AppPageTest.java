package io.nordicsca.keycloak.app;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.errors.SupportContact;
import io.nordicsca.keycloak.payment.Payment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waiting page shows the request's own mode, its payment and never a negative time left; a problem offers
 * "Try again" only when asked; a stored challenge keeps its payment.
 */
class AppPageTest {

    @Test
    void theWaitingPageShowsTheRequestsModeAndTimeLeft() {
        AppPage page = AppPage.waiting(challenge("compare", 1_100), 1_000, "https://bank.example/status", Locale.ENGLISH);
        assertEquals(AppPage.State.WAITING, page.state());
        assertEquals(VerificationMode.COMPARE, page.mode());
        assertEquals("K7QM", page.eventId());
        assertEquals(100, page.expiresIn());
        assertEquals(VerificationMode.SELECT, AppPage.waiting(challenge("select", 1_100), 1_000, "u", Locale.ENGLISH).mode());
        assertEquals(0, AppPage.waiting(challenge("enter", 900), 1_000, "u", Locale.ENGLISH).expiresIn(), "an expired request shows 0, not minus");
    }

    @Test
    void aPaymentIsNamedInThePagesLanguageAndASignInAloneNamesNone() {
        Payment payment = new Payment(new BigDecimal("1250.00"), "EUR", "Nordic Power Oy", "FI2112345600000785", null);
        ApprovalChallenge paying = withPayment(challenge("enter", 1_100), payment);
        AppPage english = AppPage.waiting(paying, 1_000, "u", Locale.ENGLISH);
        assertEquals(new AppPage.PaymentShown("1,250.00 EUR", "Nordic Power Oy"), english.payment());
        assertEquals(payment.amountText(Locale.forLanguageTag("fi")), AppPage.waiting(paying, 1_000, "u", Locale.forLanguageTag("fi")).payment().amount());
        assertNull(AppPage.waiting(challenge("enter", 1_100), 1_000, "u", Locale.ENGLISH).payment());
        assertNull(AppPage.problem(CustomerError.APP_EXPIRED.notice(SupportContact.NONE), 0, true).payment());
    }

    @Test
    void theStoredChallengeKeepsItsPaymentAndShowsItToTheAppWithItsHash() {
        Payment payment = new Payment(new BigDecimal("1250.00"), "EUR", "Nordic Power Oy", "FI2112345600000785", "Invoice 4711");
        ApprovalChallenge stored = ApprovalChallenge.of(withPayment(challenge("enter", 1_100), payment).toNotes());
        assertEquals(payment, stored.payment());
        assertEquals(payment.forApp(), stored.forApp().get("payment"));
        assertEquals("bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk", ((Map<?, ?>) stored.forApp().get("payment")).get("hash"));
        Payment noReference = new Payment(new BigDecimal("5"), "JPY", "Åsa Öberg", "FI2112345600000785", null);
        assertEquals(noReference, ApprovalChallenge.of(withPayment(challenge("enter", 1_100), noReference).toNotes()).payment());
        ApprovalChallenge alone = ApprovalChallenge.of(challenge("enter", 1_100).toNotes());
        assertNull(alone.payment());
        assertFalse(alone.forApp().containsKey("payment"), "a sign-in alone shows the app no payment");
    }

    @Test
    void aProblemOffersTryAgainOnlyWhenAskedTo() {
        ErrorNotice expired = CustomerError.APP_EXPIRED.notice(SupportContact.NONE);
        assertTrue(AppPage.problem(expired, 0, true).retry());
        assertFalse(AppPage.problem(expired, 0, false).retry());
        assertEquals(AppPage.State.PROBLEM, AppPage.problem(expired, 0, false).state());
    }

    @Test
    void aProblemCarriesItsCatalogueCodeAndTheWaitingPageNone() {
        AppPage limit = AppPage.problem(CustomerError.APP_LIMIT_REACHED.notice(new SupportContact("+46 8 123 456 78", "")), 10, true);
        assertEquals("NSCA-4002", limit.outcome().code());
        assertEquals("", limit.outcome().phone(), "waiting for the limit needs no call to the bank");
        assertEquals(10, limit.minutesLeft());
        assertEquals("+46 8 123 456 78", AppPage.problem(CustomerError.APP_DECLINED.notice(new SupportContact("+46 8 123 456 78", "")), 0, true)
                .outcome().phone(), "a denial the customer did not make needs the bank");
        assertNull(AppPage.waiting(challenge("enter", 1_100), 1_000, "u", Locale.ENGLISH).outcome());
    }

    private static ApprovalChallenge challenge(String mode, long expiresAt) {
        return new ApprovalChallenge("id", "realm", "user", "K7QM", List.of(), mode, "Bank", "10.1.x.x", "Chrome on Android",
                900, expiresAt, "key", null);
    }

    private static ApprovalChallenge withPayment(ApprovalChallenge c, Payment payment) {
        return new ApprovalChallenge(c.id(), c.realmId(), c.userId(), c.eventId(), c.options(), c.mode(), c.client(), c.ip(), c.browser(),
                c.requestedAt(), c.expiresAt(), c.browserKey(), payment);
    }
}
