package io.nordicsca.keycloak.sms;

import java.util.ArrayList;
import java.util.List;

import io.nordicsca.keycloak.secondfactor.SlidingWindow;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many SMS may go out, per customer, per phone number and per client IP address within a
 * window, per realm, held cluster-wide ({@link SlidingWindow}). SMS pumping costs banks real
 * money, so a send takes a slot in each of the three counts first, and none when any count is full.
 */
final class SendLimits {

    /** Which count is full, and in how many seconds its oldest send leaves the window. */
    record Refusal(String limit, long retryAfterSeconds) {
    }

    static final String USER = "user";
    static final String NUMBER = "number";
    static final String ADDRESS = "ip";

    private static final String PREFIX = "nordic-sca.sms.sends.";

    private SendLimits() {
    }

    /** Takes one slot of each count, or none and says which count is full. */
    static Refusal take(SingleUseObjectProvider store, SmsOtpConfig config, String realmId, String userId, String number, String address, long now) {
        long window = config.limitWindowMinutes() * 60L;
        record Count(String name, String subject, int limit) {
        }
        List<String> taken = new ArrayList<>(3);
        for (Count count : List.of(new Count(USER, userId, config.sendsPerUser()), new Count(NUMBER, number, config.sendsPerNumber()),
                new Count(ADDRESS, address, config.sendsPerAddress()))) {
            String base = PREFIX + realmId + "." + count.name() + "." + count.subject();
            String slot = SlidingWindow.take(store, base, count.limit(), window, now);
            if (slot == null) {
                taken.forEach(earlier -> SlidingWindow.release(store, earlier));
                return new Refusal(count.name(), SlidingWindow.retryAfter(store, base, count.limit(), window, now));
            }
            taken.add(slot);
        }
        return null;
    }
}
