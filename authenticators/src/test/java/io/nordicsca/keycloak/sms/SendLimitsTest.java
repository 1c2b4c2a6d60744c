package io.nordicsca.keycloak.sms;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return limits(perUser, perNumber, perAddress, 100_000);
    }

    private static SmsOtpConfig limits(int perUser, int perNumber, int perAddress, int perRealm) {
        return SmsOtpConfig.from(Map.of("sendsPerUser", String.valueOf(perUser), "sendsPerNumber", String.valueOf(perNumber),
                "sendsPerAddress", String.valueOf(perAddress), "sendsPerRealm", String.valueOf(perRealm), "limitWindowMinutes", "10"));
    }

    @Test
    void eachCountRefusesAtItsLimitAndSaysWhenTheOldestSendLeavesTheWindow() {
        Store store = new Store();
        SmsOtpConfig config = limits(3, 10, 10);
        for (int i = 0; i < 3; i++) {
            store.now = NOW + i * 60;
            assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000001", false, "10.0.0.1", store.now));
        }
        store.now = NOW + 240;
        SendLimits.Refusal refusal = SendLimits.take(store, config, "realm", "user-1", "+46700000001", false, "10.0.0.1", store.now);
        assertEquals(SendLimits.USER, refusal.limit());
        assertEquals(600 - 240, refusal.retryAfterSeconds(), "the first send leaves the 10-minute window first");

        store.now = NOW + 601;
        assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000001", false, "10.0.0.1", store.now), "the window slides");
    }

    @Test
    void aNumberIsLimitedAcrossCustomersAndARefusalTakesNothing() {
        Store store = new Store();
        SmsOtpConfig config = limits(5, 2, 10);
        assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000002", false, "10.0.0.1", NOW));
        assertNull(SendLimits.take(store, config, "realm", "user-2", "+46700000002", false, "10.0.0.2", NOW));
        SendLimits.Refusal refusal = SendLimits.take(store, config, "realm", "user-3", "+46700000002", false, "10.0.0.3", NOW);
        assertEquals(SendLimits.NUMBER, refusal.limit());
        // user-3's own slot was given back: five sends to other numbers still go through.
        for (int i = 0; i < 5; i++) {
            assertNull(SendLimits.take(store, config, "realm", "user-3", "+4670000001" + i, false, "10.0.0.3", NOW), "send " + i);
        }
    }

    @Test
    void anAddressIsLimitedAcrossCustomersAndRealmsCountApart() {
        Store store = new Store();
        SmsOtpConfig config = limits(5, 5, 2);
        assertNull(SendLimits.take(store, config, "realm", "user-1", "+46700000003", false, "10.0.0.9", NOW));
        assertNull(SendLimits.take(store, config, "realm", "user-2", "+46700000004", false, "10.0.0.9", NOW));
        assertEquals(SendLimits.ADDRESS, SendLimits.take(store, config, "realm", "user-3", "+46700000005", false, "10.0.0.9", NOW).limit());
        assertNull(SendLimits.take(store, config, "other-realm", "user-4", "+46700000006", false, "10.0.0.9", NOW));
    }

    @Test
    void anotherCustomerRegisteringANumberCannotKeepItsOwnerFromSigningIn() {
        Store store = new Store();
        SmsOtpConfig config = limits(10, 2, 100);
        String number = "+46700000020";
        assertNull(SendLimits.take(store, config, "realm", "squatter", number, false, "10.0.0.1", NOW));
        assertNull(SendLimits.take(store, config, "realm", "squatter", number, false, "10.0.0.1", NOW));
        assertEquals(SendLimits.NUMBER, SendLimits.take(store, config, "realm", "squatter", number, false, "10.0.0.1", NOW).limit(),
                "registrations to the number stop at its limit");
        for (int signIn = 0; signIn < 5; signIn++) {
            assertNull(SendLimits.take(store, config, "realm", "owner", number, true, "10.0.0.2", NOW), "owner's sign-in " + signIn);
        }
    }

    @Test
    void theOwnersSendsToTheNumberOnFileKeepRegistrationsOfItOut() {
        Store store = new Store();
        SmsOtpConfig config = limits(10, 2, 100);
        String number = "+46700000021";
        assertNull(SendLimits.take(store, config, "realm", "owner", number, true, "10.0.0.2", NOW));
        assertNull(SendLimits.take(store, config, "realm", "owner", number, true, "10.0.0.2", NOW));
        assertEquals(SendLimits.NUMBER, SendLimits.take(store, config, "realm", "squatter", number, false, "10.0.0.1", NOW).limit());
    }

    @Test
    void ipv6ClientsCountPerSlash64SoRotatingAddressesInsideItDoesNotEvadeTheLimit() {
        Store store = new Store();
        SmsOtpConfig config = limits(50, 50, 3);
        for (int i = 1; i <= 3; i++) {
            assertNull(SendLimits.take(store, config, "realm", "user-" + i, "+4670000003" + i, false, "2001:db8:1:2::" + Integer.toHexString(i * 4099), NOW));
        }
        assertEquals(SendLimits.ADDRESS, SendLimits.take(store, config, "realm", "user-4", "+46700000034", false,
                "2001:db8:1:2:ffff:ffff:ffff:ffff", NOW).limit(), "the fourth address of the same /64 is refused");
        assertNull(SendLimits.take(store, config, "realm", "user-5", "+46700000035", false, "2001:db8:1:3::1", NOW), "the next /64 counts apart");
    }

    @Test
    void aClientIsItsIpv4AddressOrItsIpv6Slash64() {
        assertEquals("10.0.0.1", SendLimits.network("10.0.0.1"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", SendLimits.network("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", SendLimits.network("[2001:DB8:1:2::1]"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", SendLimits.network("2001:db8:1:2::1%eth0"));
        assertEquals("192.0.2.7", SendLimits.network("::ffff:192.0.2.7"), "IPv4-mapped IPv6 is the IPv4 client");
        assertEquals("unknown", SendLimits.network(null));
        assertEquals("not:an:address:at:all", SendLimits.network("not:an:address:at:all"), "never a DNS lookup, never a failure");
    }

    @Test
    void theRealmBudgetCountsEveryCustomerAndIsNeverExceeded() {
        Store store = new Store();
        SmsOtpConfig small = limits(50, 50, 1000, 3);
        for (int i = 0; i < 3; i++) {
            assertNull(SendLimits.take(store, small, "realm", "user-" + i, "+4670000004" + i, true, "10.0.1." + i, NOW));
        }
        SendLimits.Refusal refusal = SendLimits.take(store, small, "realm", "user-9", "+46700000049", true, "10.0.1.9", NOW);
        assertEquals(SendLimits.REALM, refusal.limit());
        assertEquals(600, refusal.retryAfterSeconds());

        // A large budget samples its slots: it never lets more through, and refuses little before it is full.
        Store large = new Store();
        SmsOtpConfig budget = limits(50, 50, 1000, 500);
        int sent = 0;
        for (int i = 0; i < 2000; i++) {
            if (SendLimits.take(large, budget, "realm", "user-" + i, "+467" + (10_000_000 + i), true, "10.1." + (i / 250) + "." + (i % 250), NOW) == null) {
                sent++;
            }
        }
        assertTrue(sent <= 500, "never above the budget: " + sent);
        assertTrue(sent >= 450, "at least 90% of the budget goes out: " + sent);
    }

    @Test
    void aServerAskingForManyCustomersHasNoAddressCount() {
        Store store = new Store();
        SmsOtpConfig config = limits(50, 50, 1);
        for (int customer = 0; customer < 5; customer++) {
            assertNull(SendLimits.take(store, config, "realm", "user-" + customer, "+4670000010" + customer, true, null, NOW),
                    "no address given (the call centre): the address count of 1 does not apply");
        }
        assertNull(SendLimits.take(store, config, "realm", "user-9", "+46700000109", true, "10.0.0.1", NOW));
        assertEquals(SendLimits.ADDRESS, SendLimits.take(store, config, "realm", "user-8", "+46700000108", true, "10.0.0.1", NOW).limit(),
                "a browser's address is still counted");
    }

    @Test
    void aNameGivenByTheCallCentreHasTheCustomersLimitWhoeverItNames() {
        Store store = new Store();
        SmsOtpConfig config = limits(3, 50, 50);
        for (int i = 0; i < 3; i++) {
            assertNull(SendLimits.takeForHint(store, config, "realm", "digest-of-a-name", NOW));
        }
        SendLimits.Refusal refusal = SendLimits.takeForHint(store, config, "realm", "digest-of-a-name", NOW + 60);
        assertEquals(SendLimits.HINT, refusal.limit());
        assertEquals(540, refusal.retryAfterSeconds(), "the oldest of the name's requests leaves the 10-minute window in 9 minutes");
        assertNull(SendLimits.takeForHint(store, config, "realm", "digest-of-another-name", NOW + 60), "each name has its own count");
        assertNull(SendLimits.takeForHint(store, config, "other-realm", "digest-of-a-name", NOW + 60), "and each realm");
    }
}
