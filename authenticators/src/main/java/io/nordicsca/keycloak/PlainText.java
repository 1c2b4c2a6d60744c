package io.nordicsca.keycloak;

/**
 * Text that people type and we store (a desk reason, a phone's name): one line of plain text. No
 * control characters (a NUL is valid JSON but no PostgreSQL text: it would fail at the database, not
 * at the check), no format characters (bidi overrides, zero-width) that make a name read as another,
 * no line or paragraph separators that break a log line or an admin event, no half of a surrogate
 * pair (no character at all; PostgreSQL's driver would store it as "?").
 */
public final class PlainText {

    private PlainText() {
    }

    public static boolean isOneLine(String text) {
        return text.codePoints().noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
            default -> false;
        });
    }
}
