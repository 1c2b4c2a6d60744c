package io.nordicsca.keycloak.codecard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server's code-card peppers: secrets kept outside the database (a server option, an
 * environment variable or the realm's vault), each with an id. The first is current: new cards
 * are sealed with it and record its id ({@code pepperId} in the credential data). Cards sealed
 * with another listed id keep verifying; cards without an id were sealed before any pepper and
 * verify without one.
 *
 * <p>Option {@code --spi-credential--nordic-sca-code-card--peppers=ID:VALUE[,ID:VALUE...]}, for
 * example {@code 2026:${vault.code_card_pepper_2026},2025:${vault.code_card_pepper_2025}}. A value
 * is a vault reference, resolved at each use from the realm's vault, or the secret itself (at
 * least {@value #MIN_LENGTH} characters). Values are never logged; errors name the id only.
 */
final class CellPeppers {

    static final String OPTION = "peppers";
    static final int MIN_LENGTH = 32;
    private static final String ID = "[A-Za-z0-9_.-]{1,32}";

    /** A pepper resolved for one use: its id and its bytes. */
    record Pepper(String id, byte[] value) {
        @Override
        public String toString() {
            return "Pepper[" + id + "]"; // never the value
        }
    }

    /** A pepper cannot be used: its id is not configured (retired) or its value does not resolve. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final Map<String, String> configured; // id -> value or vault reference, current first

    private CellPeppers(Map<String, String> configured) {
        this.configured = configured;
    }

    static CellPeppers none() {
        return new CellPeppers(Map.of());
    }

    /** Reads the option; a malformed one stops the server at start, naming the entry but never a value. */
    static CellPeppers parse(String option) {
        if (option == null || option.isBlank()) {
            return none();
        }
        Map<String, String> peppers = new LinkedHashMap<>();
        List<String> entries = List.of(option.split(","));
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).trim();
            String value = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (!id.matches(ID)) {
                throw new IllegalArgumentException("Code card option '" + OPTION + "', entry " + (i + 1)
                        + ": write ID:VALUE, the id of 1 to 32 letters, digits, '.', '_' or '-'");
            }
            if (!isVaultReference(value) && value.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("Code card option '" + OPTION + "', pepper '" + id
                        + "': at least " + MIN_LENGTH + " characters, or a vault reference ${vault.name}");
            }
            if (peppers.put(id, value) != null) {
                throw new IllegalArgumentException("Code card option '" + OPTION + "': pepper id '" + id + "' is listed twice");
            }
        }
        return new CellPeppers(peppers);
    }

    /** The id new cards are sealed with, or null when no pepper is configured. */
    String currentId() {
        return configured.isEmpty() ? null : configured.keySet().iterator().next();
    }

    List<String> ids() {
        return new ArrayList<>(configured.keySet());
    }

    /** The current pepper, resolved now; null when none is configured. */
    /** Whether new cards are sealed with a pepper at all (the posture report names a server without one). */
    boolean configured() {
        return !configured.isEmpty();
    }

    Pepper current(Function<String, Optional<String>> vault) {
        String id = currentId();
        return id == null ? null : resolve(id, vault);
    }

    /**
     * The pepper with this id, resolved now ({@code vault} turns a vault reference into its secret
     * and returns other values as they are).
     *
     * @throws Unavailable when the id is not configured or its value does not resolve
     */
    Pepper resolve(String id, Function<String, Optional<String>> vault) {
        String value = configured.get(id);
        if (value == null) {
            throw new Unavailable("Code card pepper '" + id + "' is not configured (retired?); cards sealed with it cannot be checked");
        }
        String secret = isVaultReference(value) ? vault.apply(value).orElse(null) : value;
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new Unavailable("Code card pepper '" + id + "' did not resolve from the vault to at least " + MIN_LENGTH + " characters");
        }
        return new Pepper(id, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isVaultReference(String value) {
        return value.startsWith("${vault.") && value.endsWith("}");
    }

    @Override
    public String toString() {
        return "CellPeppers" + configured.keySet(); // ids only
    }
}
