package io.nordicsca.keycloak.sms;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.nordicsca.keycloak.secondfactor.SlidingWindow;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many SMS may go out, per customer, per phone number, per client network and per realm
 * within a window, held cluster-wide ({@link SlidingWindow}). SMS pumping costs banks real money,
 * so a send takes a slot in each count first, and none when any count is full.
 *
 * <ul>
 * <li>The number's count refuses only sends to a number that is not the customer's number on file
 *     (a registration): otherwise any customer who may register a number could keep another
 *     customer's number at its limit and so lock them out of SMS sign-in. A send to the number on
 *     file still takes a slot when one is free, so registrations see the number busy.</li>
 * <li>IPv6 clients count per /64: one subscriber usually holds a whole /64 and can rotate through it.</li>
 * <li>The realm's budget caps the whole realm's spend, whatever the other counts allow.</li>
 * <li>A call-centre system asks from one address for many customers, so its sends have no address
 *     count; instead every keypad request, for a customer or for nobody, takes a slot of the count of
 *     the name it gave ({@link #takeForHint}), with the per-customer limit, so that a full count says
 *     nothing about whether the name is a customer's.</li>
 * </ul>
 */
final class SendLimits {

    /** Which count is full, and in how many seconds its oldest send leaves the window. */
    record Refusal(String limit, long retryAfterSeconds) {
    }

    static final String USER = "user";
    static final String NUMBER = "number";
    static final String ADDRESS = "ip";
    static final String REALM = "realm";
    static final String HINT = "hint";

    private static final String PREFIX = "nordic-sca.sms.sends.";

    private SendLimits() {
    }

    /**
     * Takes one slot of each count, or none and says which count is full.
     *
     * @param numberOnFile true when {@code number} is the customer's own number on file
     * @param address      the client's IP address; null for a server that asks for many customers (the call centre): no address count
     */
    static Refusal take(SingleUseObjectProvider store, SmsOtpConfig config, String realmId, String userId, String number,
                        boolean numberOnFile, String address, long now) {
        long window = config.limitWindowMinutes() * 60L;
        record Count(String name, String subject, int limit, boolean refuses) {
        }
        List<String> taken = new ArrayList<>(4);
        List<Count> counts = new ArrayList<>(List.of(new Count(USER, userId, config.sendsPerUser(), true),
                new Count(NUMBER, number, config.sendsPerNumber(), !numberOnFile)));
        if (address != null) {
            counts.add(new Count(ADDRESS, network(address), config.sendsPerAddress(), true));
        }
        counts.add(new Count(REALM, "all", config.sendsPerRealm(), true));
        for (Count count : counts) {
            String base = PREFIX + realmId + "." + count.name() + "." + count.subject();
            String slot = SlidingWindow.take(store, base, count.limit(), window, now);
            if (slot == null && count.refuses()) {
                taken.forEach(earlier -> SlidingWindow.release(store, earlier));
                return new Refusal(count.name(), SlidingWindow.retryAfter(store, base, count.limit(), window, now));
            }
            if (slot != null) {
                taken.add(slot);
            }
        }
        return null;
    }

    /**
     * Takes a slot of the count of one name a call-centre system gave (a digest, {@code hintKey}), with the
     * per-customer limit; null when taken, else the refusal. Taken for every keypad request, whether the name
     * is a customer's or not.
     */
    static Refusal takeForHint(SingleUseObjectProvider store, SmsOtpConfig config, String realmId, String hintKey, long now) {
        long window = config.limitWindowMinutes() * 60L;
        String base = PREFIX + realmId + "." + HINT + "." + hintKey;
        return SlidingWindow.take(store, base, config.sendsPerUser(), window, now) != null ? null
                : new Refusal(HINT, SlidingWindow.retryAfter(store, base, config.sendsPerUser(), window, now));
    }

    /**
     * What one client is counted as: an IPv4 address as it is, an IPv6 address as its /64 network
     * ({@code 2001:db8:1:2:0:0:0:0/64}); an IPv4-mapped IPv6 address as the IPv4 address.
     */
    static String network(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String literal = address.trim().replaceAll("^\\[|]$", "").replaceAll("%.*$", "");
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            // A literal with ':' is parsed, never looked up in DNS; anything else throws.
            InetAddress ip = InetAddress.getByName(literal);
            if (ip instanceof Inet4Address) {
                return ip.getHostAddress();
            }
            byte[] bytes = ip.getAddress();
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
