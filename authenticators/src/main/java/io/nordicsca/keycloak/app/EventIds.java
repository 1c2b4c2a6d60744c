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

    /**
     * For an event ID the caller chose (a CIBA {@code binding_message}): it and two decoys that look
     * alike, so the length or the kind of characters gives the right one away no more than a pick by
     * chance: each digit, capital and small letter replaced by another of its kind, anything else
     * kept. Empty when no two decoys differ from it after {@link #normalize} (e.g. "!?"): then the app
     * cannot offer a choice.
     */
    static List<String> optionsLike(String eventId) {
        Set<String> normalized = new LinkedHashSet<>(List.of(normalize(eventId)));
        List<String> options = new ArrayList<>(List.of(eventId));
        for (int tries = 0; tries < 20 && options.size() < 3; tries++) {
            StringBuilder decoy = new StringBuilder(eventId.length());
            for (char c : eventId.toCharArray()) {
                decoy.append(c >= '0' && c <= '9' ? (char) ('0' + RANDOM.nextInt(10))
                        : c >= 'A' && c <= 'Z' ? (char) ('A' + RANDOM.nextInt(26))
                        : c >= 'a' && c <= 'z' ? (char) ('a' + RANDOM.nextInt(26)) : c);
            }
            if (normalized.add(normalize(decoy.toString()))) {
                options.add(decoy.toString());
            }
        }
        if (options.size() < 3) {
            return List.of();
        }
        Collections.shuffle(options, RANDOM);
        return options;
    }

    /** As the customer may have typed it: case and spaces do not matter. */
    static String normalize(String typed) {
        return typed == null ? "" : typed.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
