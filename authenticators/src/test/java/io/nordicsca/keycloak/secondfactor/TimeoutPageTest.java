package io.nordicsca.keycloak.secondfactor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the timeout page says took too long, and its code: NSCA-6002 on the app page only. */
class TimeoutPageTest {

    @Test
    void aLateAnswerRightAfterThePasswordIsTheGapWhateverTheStep() {
        for (String step : new String[] {"code-card", "sms", "app"}) {
            assertEquals(new TimeoutPage(TimeoutPage.What.BETWEEN, "NSCA-6001"), TimeoutPage.of(step, true), step);
        }
    }

    @Test
    void otherwiseTheStepThatWaitedAndTheAppPageHasItsOwnCode() {
        assertEquals(new TimeoutPage(TimeoutPage.What.CODE_CARD, "NSCA-6001"), TimeoutPage.of("code-card", false));
        assertEquals(new TimeoutPage(TimeoutPage.What.SMS, "NSCA-6001"), TimeoutPage.of("sms", false));
        assertEquals(new TimeoutPage(TimeoutPage.What.APP, "NSCA-6002"), TimeoutPage.of("app", false));
        assertEquals(new TimeoutPage(TimeoutPage.What.BETWEEN, "NSCA-6001"), TimeoutPage.of("another-step", false));
    }
}
