package io.nordicsca.keycloak.codecard;

import java.util.ArrayList;
import java.util.List;

/**
 * What a bank asks for when it issues a card. Limits: 10–500 positions (NemID used 148),
 * 4–10 digits per code (NIST SP 800-63B asks for at least 6), validity 1–3650 days or none.
 */
public record CodeCardSpec(int positions, int digits, Integer validDays) {

    public static final int DEFAULT_POSITIONS = 100;
    public static final int DEFAULT_DIGITS = 6;
    public static final int MIN_POSITIONS = 10;
    public static final int MAX_POSITIONS = 500;
    public static final int MIN_DIGITS = 4;
    public static final int NIST_MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 10;
    public static final int MAX_VALID_DAYS = 3650;

    public static CodeCardSpec defaults() {
        return new CodeCardSpec(DEFAULT_POSITIONS, DEFAULT_DIGITS, null);
    }

    /** What is wrong with this request, in words an admin can act on; empty when it is fine. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (positions < MIN_POSITIONS || positions > MAX_POSITIONS) {
            problems.add("positions must be between " + MIN_POSITIONS + " and " + MAX_POSITIONS);
        }
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            problems.add("digits must be between " + MIN_DIGITS + " and " + MAX_DIGITS);
        }
        if (validDays != null && (validDays < 1 || validDays > MAX_VALID_DAYS)) {
            problems.add("validDays must be between 1 and " + MAX_VALID_DAYS + ", or left out for no expiry");
        }
        return problems;
    }
}
