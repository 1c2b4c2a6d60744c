package io.nordicsca.keycloak.codecard;

/**
 * What a typed answer must look like before it is worth checking. An answer that fails here
 * cannot be the code, so it is not a guess: it gets a helpful message and counts nothing.
 */
final class AnswerFormat {

    private AnswerFormat() {
    }

    /** The message key for what is wrong with the answer's form, or null when it has the form of a code. */
    static String problem(String raw, int digits) {
        String answer = normalize(raw);
        if (answer.isEmpty()) {
            return "codeCardMissing";
        }
        // [0-9] only: other scripts' digits (Character.isDigit) are not on the card.
        if (!answer.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "codeCardNotDigits";
        }
        if (answer.length() != digits) {
            return "codeCardWrongLength";
        }
        return null;
    }

    /** Spaces are how people copy "123 456" from paper; they carry no meaning. */
    static String normalize(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s\\u00a0]", "");
    }
}
