package io.nordicsca.keycloak.secondfactor;

/**
 * What a typed code must look like before it is worth checking. An answer that fails here cannot
 * be the code, so it is not a guess: the customer gets a helpful message and nothing is counted.
 */
public final class TypedCode {

    /** What is wrong with the form of a typed code. Each step words it in its own messages. */
    public enum Problem { MISSING, NOT_DIGITS, WRONG_LENGTH }

    private TypedCode() {
    }

    /** What is wrong with the answer's form, or null when it has the form of a code of this length. */
    public static Problem problem(String raw, int digits) {
        String answer = normalize(raw);
        if (answer.isEmpty()) {
            return Problem.MISSING;
        }
        // [0-9] only: other scripts' digits (Character.isDigit) are not what was printed or sent.
        if (!answer.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Problem.NOT_DIGITS;
        }
        return answer.length() == digits ? null : Problem.WRONG_LENGTH;
    }

    /** Spaces are how people copy "123 456" from paper or an SMS; they carry no meaning. */
    public static String normalize(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s\\u00a0]", "");
    }
}
