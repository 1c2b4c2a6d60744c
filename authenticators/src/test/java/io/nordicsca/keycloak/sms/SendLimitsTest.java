package io.nordicsca.keycloak.sms;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The slot arithmetic over an in-memory store; the integration tests use Keycloak's real one. */
class SendLimitsTest {

    private static final long NOW = 1_000_000;

    /** A single-use store with lifespans, on a clock the test sets. */
    private static final class Store implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> values = new HashMap<>();
        final Map<String, Long> expiry = new HashMap<>();
        long now = NOW;

        private boolean live(String key) {
            return values.containsKey(key) && expiry.get(key) > now;
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            values.put(key, notes);
            expiry.put(key, now + lifespanSeconds);
        }

        @Override
        public Map<String, String> get(String key) {
            return live(key) ? values.get(key) : null;
        }

        @Override
        public Map<String, String> remove(String key) {
            expiry.remove(key);
            return values.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return live(key) && values.put(key, notes) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            if (live(key)) {
                return false;
            }
            put(key, lifespanInSeconds, Map.of());
            return true;
        }

        @Override
        public boolean contains(String key) {
            return live(key);
        }

        @Override
        public void close() {
        }
    }

    private static SmsOtpConfig limits(int perUser, int perNumber, int perAddress) {
        return SmsOtpConfig.from(Map.of("sendsPerUser", String.valueOf(perUser), "sendsPerNumber", String.valueOf(perNumber),
                "sendsPerAddress", String.valueOf(perAddress), "limitWindowMinutes", "10"));
    }

    @Test
    void eachCountRefusesAtItsLimitAndSaysWhenTheOldestSendLeavesTheWindow() {
        Store store = new Store();
        SmsOtpConfig config = limits(3, 10, 10);
        for (int i = 0; i < 3; i++) {
            store.now = NOW + i * 60;
            assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000001", "10.0.0.1", store.now));
        }
        store.now = NOW + 240;
        SendLimits.Refusal refusal = SendLimits.take(store, config, "realm", "user-1", "+46700000001", "10.0.0.1", store.now);
        assertEquals(SendLimits.USER, refusal.limit());
        assertEquals(600 - 240, refusal.retryAfterSeconds(), "the first send leaves the 10-minute window first");

        store.now = NOW + 601;
        assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000001", "10.0.0.1", store.now), "the window slides");
    }

    @Test
    void aNumberIsLimitedAcrossCustomersAndARefusalTakesNothing() {
        Store store = new Store();
        SmsOtpConfig config = limits(5, 2, 10);
        assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000002", "10.0.0.1", NOW));
        assertNull(SendLimits.take(store, config, "realm", "user-2", "+46700000002", "10.0.0.2", NOW));
        SendLimits.Refusal refusal = SendLimits.take(store, config, "realm", "user-3", "+46700000002", "10.0.0.3", NOW);
        assertEquals(SendLimits.NUMBER, refusal.limit());
        // user-3's own slot was given back: five sends to other numbers still go through.
        for (int i = 0; i < 5; i++) {
            assertNull(SendLimits.take(store, config, "realm", "user-3", "+4670000001" + i, "10.0.0.3", NOW), "send " + i);
        }
    }

    @Test
    void anAddressIsLimitedAcrossCustomersAndRealmsCountApart() {
        Store store = new Store();
        SmsOtpConfig config = limits(5, 5, 2);
        assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000003", "10.0.0.9", NOW));
        assertNull(SendLimits.take(store, config, "realm", "user-2", "+46700000004", "10.0.0.9", NOW));
        assertEquals(SendLimits.ADDRESS, SendLimits.take(store, config, "realm", "user-3", "+46700000005", "10.0.0.9", NOW).limit());
        assertNull(SendLimits.take(store, config, "other-realm", "user-4", "+46700000006", "10.0.0.9", NOW));
    }
}
