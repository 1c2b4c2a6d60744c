package io.nordicsca.keycloak.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** When a new phone takes the old one's place, computed from the stored times alone (the same on every node). */
class AppDeviceReplacementTest {

    private static final Instant ENROLLED = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration DELAY = Duration.ofHours(1);

    @Test
    void aNewPhoneReplacesTheOldOneOnlyOnceItsActivationDelayHasPassed() {
        AppDeviceCredentialModel old = device("old", ENROLLED.minus(Duration.ofDays(30)), Duration.ZERO, true);
        AppDeviceCredentialModel fresh = device("new", ENROLLED, DELAY, true);

        Instant during = ENROLLED.plus(DELAY).minusSeconds(1);
        assertFalse(fresh.replaces(old, during));
        assertTrue(fresh.waiting(during));
        assertFalse(fresh.usable(during));
        assertTrue(old.usable(during), "the old phone works while the new one waits");

        Instant after = ENROLLED.plus(DELAY);
        assertTrue(fresh.replaces(old, after));
        assertTrue(fresh.usable(after));
        assertFalse(fresh.waiting(after));
    }

    @Test
    void aPhoneReplacesOnlyOlderPhonesAndNeverItself() {
        AppDeviceCredentialModel old = device("old", ENROLLED.minus(Duration.ofDays(30)), Duration.ZERO, true);
        AppDeviceCredentialModel fresh = device("new", ENROLLED, Duration.ZERO, true);
        assertFalse(old.replaces(fresh, ENROLLED.plus(DELAY)), "an older phone never replaces a newer one");
        assertFalse(fresh.replaces(fresh, ENROLLED.plus(DELAY)));
    }

    @Test
    void aPhoneAddedWhereTheBankAllowsSeveralReplacesNone() {
        AppDeviceCredentialModel old = device("old", ENROLLED.minus(Duration.ofDays(30)), Duration.ZERO, true);
        AppDeviceCredentialModel second = device("second", ENROLLED, Duration.ZERO, false);
        assertFalse(second.replaces(old, ENROLLED.plus(DELAY)));
    }

    @Test
    void aRepeatedDeviceNameGetsTheFirstFreeNumberIgnoringCase() {
        assertEquals("Pixel 8", AppDeviceCredentialProvider.freeLabel("Pixel 8", Set.of()));
        assertEquals("Pixel 8 (2)", AppDeviceCredentialProvider.freeLabel("Pixel 8", Set.of("pixel 8")));
        assertEquals("Pixel 8 (3)", AppDeviceCredentialProvider.freeLabel(" Pixel 8 ", Set.of("pixel 8", "pixel 8 (2)")));
    }

    private static AppDeviceCredentialModel device(String id, Instant enrolled, Duration delay, boolean replacesOthers) {
        AppDeviceCredentialModel device = AppDeviceCredentialModel.enrolled(Map.of("kty", "EC"), id, "cli", null,
                enrolled, enrolled.plus(delay), replacesOthers);
        device.setId(id);
        return device;
    }
}
