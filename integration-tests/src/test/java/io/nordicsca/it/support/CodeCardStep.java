package io.nordicsca.it.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The code card page, read and answered as a customer does. */
public final class CodeCardStep {

    public static final String FORM = "kc-code-card-form";
    /** The page that activates a mailed card (card number plus one security number). */
    public static final String ACTIVATE_FORM = "kc-code-card-activate-form";
    public static final String ERROR_ID = "input-error-code";
    private static final Pattern FIRST_NUMBER = Pattern.compile("(\\d+)");

    private CodeCardStep() {
    }

    /** The position the page asks for, read from its prompt ("Enter security number 23 ..."). */
    public static int askedPosition(Page page) {
        String prompt = page.textOf("code-card-prompt");
        if (prompt == null) {
            throw new AssertionError("Not a code card challenge: " + page + "\n" + page.body());
        }
        Matcher number = FIRST_NUMBER.matcher(prompt);
        if (!number.find()) {
            throw new AssertionError("No position in the prompt: " + prompt);
        }
        return Integer.parseInt(number.group(1));
    }

    /** The position the activation page asks for, read from its input's label ("Security number 23"). */
    public static int askedActivationPosition(Page page) {
        var label = page.document().selectFirst("#" + ACTIVATE_FORM + " label[for=code]");
        if (label == null) {
            throw new AssertionError("Not the card activation page: " + page + "\n" + page.body());
        }
        Matcher number = FIRST_NUMBER.matcher(label.text());
        if (!number.find()) {
            throw new AssertionError("No position in " + label.text());
        }
        return Integer.parseInt(number.group(1));
    }

    /** A code of the right form that is not the right one: the last digit moved on by one. */
    public static String wrongCode(String right) {
        char last = right.charAt(right.length() - 1);
        return right.substring(0, right.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    public static Page answer(Page page, String code) {
        return page.form(FORM).set("code", code).submit();
    }

    /** Answers with the right code from the card; continues past the "card running out" notice. */
    public static Page answerRightly(Page page, CodeCardDesk.Card card) {
        Page next = answer(page, card.code(askedPosition(page)));
        return next.textOf("code-card-low") != null ? next.form(FORM).submit() : next;
    }
}
