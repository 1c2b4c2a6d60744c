package io.nordicsca.keycloak.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many SMS may go out, per customer, per phone number and per client IP address within a
 * window, per realm, held cluster-wide in Keycloak's single-use store (any node sees every send). SMS pumping
 * costs banks real money, so a send takes a slot in each of the three counts first, and none when
 * any count is full.
 *
 * <p>A count of N is N keys: a send takes the first free one with {@code putIfAbsent}, which is
 * atomic across the cluster, and the key lapses one window after that send, so the window slides.
 */
final class SendLimits {

    /** Which count is full, and in how many seconds its oldest send leaves the window. */
    record Refusal(String limit, long retryAfterSeconds) {
    }

    static final String USER = "user";
    static final String NUMBER = "number";
    static final String ADDRESS = "ip";

    private static final String PREFIX = "nordic-sca.sms.sends.";
    private static final String AT = "at";

    private SendLimits() {
    }

    /** Takes one slot of each count, or none and says which count is full. */
    static Refusal take(SingleUseObjectProvider store, SmsOtpConfig config, String realmId, String userId, String number, String address, long now) {
        long window = config.limitWindowMinutes() * 60L;
        List<String> taken = new ArrayList<>(3);
        String[][] counts = {
                {USER, userId, String.valueOf(config.sendsPerUser())},
                {NUMBER, number, String.valueOf(config.sendsPerNumber())},
                {ADDRESS, address, String.valueOf(config.sendsPerAddress())}};
        for (String[] count : counts) {
            String base = PREFIX + realmId + "." + count[0] + "." + count[1] + ".";
            int limit = Integer.parseInt(count[2]);
            String slot = takeSlot(store, base, limit, window);
            if (slot == null) {
                taken.forEach(store::remove);
                return new Refusal(count[0], retryAfter(store, base, limit, window, now));
            }
            // When the slot was taken, so a refusal can say when the window frees one.
            store.put(slot + "." + AT, window, Map.of(AT, String.valueOf(now)));
            taken.add(slot);
        }
        return null;
    }

    private static String takeSlot(SingleUseObjectProvider store, String base, int limit, long window) {
        for (int i = 0; i < limit; i++) {
            if (store.putIfAbsent(base + i, window)) {
                return base + i;
            }
        }
        return null;
    }

    private static long retryAfter(SingleUseObjectProvider store, String base, int limit, long window, long now) {
        long earliest = now + window;
        for (int i = 0; i < limit; i++) {
            Map<String, String> at = store.get(base + i + "." + AT);
            if (at != null && at.get(AT) != null) {
                earliest = Math.min(earliest, Long.parseLong(at.get(AT)) + window);
            }
        }
        return Math.max(1, earliest - now);
    }
}
