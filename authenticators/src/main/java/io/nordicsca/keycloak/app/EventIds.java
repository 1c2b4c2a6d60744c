package io.nordicsca.keycloak.app;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Event IDs people read off one screen and find on another: short, and from an alphabet without
 * look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B), or digits.
 */
final class EventIds {

    static final String LETTERS = "letters4";
    static final String DIGITS = "digits4";
    private static final String UNAMBIGUOUS = "ACDEFHJKMNPQRTUVWXY3479";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    static String next(String format) {
        String alphabet = DIGITS.equals(format) ? "0123456789" : UNAMBIGUOUS;
        StringBuilder id = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** The right event ID and two others, shuffled, for the app's {@code select} mode. */
    static List<String> options(String eventId, String format) {
        Set<String> options = new LinkedHashSet<>();
        options.add(eventId);
        while (options.size() < 3) {
            options.add(next(format));
        }
        List<String> shuffled = new ArrayList<>(options);
        Collections.shuffle(shuffled, RANDOM);
        return shuffled;
    }

    /** As the customer may have typed it: case and spaces do not matter. */
    static String normalize(String typed) {
        return typed == null ? "" : typed.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
