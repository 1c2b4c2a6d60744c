package io.nordicsca.keycloak.app;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The waiting page shows the request's own mode and never a negative time left; a problem offers "Try again" only when asked. */
class AppPageTest {

    @Test
    void theWaitingPageShowsTheRequestsModeAndTimeLeft() {
        AppPage page = AppPage.waiting(challenge("compare", 1_100), 1_000, "https://bank.example/status");
        assertEquals(AppPage.State.WAITING, page.state());
        assertEquals(VerificationMode.COMPARE, page.mode());
        assertEquals("K7QM", page.eventId());
        assertEquals(100, page.expiresIn());
        assertEquals(VerificationMode.SELECT, AppPage.waiting(challenge("select", 1_100), 1_000, "u").mode());
        assertEquals(0, AppPage.waiting(challenge("enter", 900), 1_000, "u").expiresIn(), "an expired request shows 0, not minus");
    }

    @Test
    void aProblemOffersTryAgainOnlyWhenAskedTo() {
        assertTrue(AppPage.problem(true).retry());
        assertFalse(AppPage.problem(false).retry());
        assertEquals(AppPage.State.PROBLEM, AppPage.problem(false).state());
    }

    private static ApprovalChallenge challenge(String mode, long expiresAt) {
        return new ApprovalChallenge("id", "realm", "user", "K7QM", List.of(), mode, "Bank", "10.1.x.x", "Chrome on Android",
                900, expiresAt, "key");
    }
}
