package io.nordicsca.it.support;

/** Keycloak's "Try another way": the list of the customer's other steps, and choosing one. */
public final class AnotherWay {

    private AnotherWay() {
    }

    /** Presses "Try another way" and picks the step whose name (in the page's language) is {@code displayName}. */
    public static Page choose(Page page, String displayName) {
        Page choice = page.form("kc-select-try-another-way-form").submit();
        String execution = choice.document().select("li").stream()
                .filter(item -> item.text().contains(displayName))
                .map(item -> item.selectFirst("input[name=authenticationExecution]").attr("value"))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + displayName + "' to choose:\n" + choice.body()));
        return choice.form("kc-select-credential-form").set("authenticationExecution", execution).submit();
    }
}
