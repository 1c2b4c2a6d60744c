package io.nordicsca.demoweb;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;

import static io.nordicsca.demoweb.Html.escape;

/** The app's pages, rendered on the server; every outside value is escaped. */
final class Pages {

    private static final List<String> KNOWN_AMR = List.of("pwd", "otp", "sms", "swk");
    /** Each language's own name, the same in every language's menu. */
    private static final List<String> LANGUAGE_NAMES = List.of("English", "Svenska", "Suomi", "Norsk bokmål", "Norsk nynorsk", "Dansk");
    /**
     * How often the waiting call-centre page reloads; each reload asks Keycloak only when the
     * request's polling interval has passed (CallCentre#poll), so this only bounds how late it shows.
     */
    static final int CALL_CENTRE_REFRESH_SECONDS = 2;

    private final Config config;
    private final ZoneId zone;

    Pages(Config config, ZoneId zone) {
        this.config = config;
        this.zone = zone;
    }

    String home(Messages m, Session session) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(m.text("home.title"))).append("</h1>\n");
        body.append("<p class=\"intro\">").append(escape(m.text("home.intro", config.clientId()))).append("</p>\n");

        // The payment first: after paying, it is what the customer came back to see.
        Result payment = session.payment();
        if (payment != null) {
            body.append("<section id=\"payment-approved\" class=\"card approved\">\n<h2>")
                    .append(escape(m.text("payment.heading"))).append("</h2>\n<p id=\"payment-summary\" class=\"amount\">")
                    .append(escape(paymentText(m))).append("</p>\n");
            facts(body, m, payment);
            checks(body, m, payment);
            body.append("<h3>").append(escape(m.text("payment.details"))).append("</h3>\n<pre id=\"authorization-details\">")
                    .append(escape(Json.pretty(payment.authorizationDetails()))).append("</pre>\n</section>\n");
        }

        Result signIn = session.signIn();
        if (signIn != null) {
            body.append("<section id=\"signed-in\" class=\"card\">\n<h2>")
                    .append(escape(m.text("signedIn.heading", displayName(signIn)))).append("</h2>\n");
            facts(body, m, signIn);
            checks(body, m, signIn);
            body.append("</section>\n");
        }

        body.append("<section class=\"actions\">\n");
        action(body, session, "/signin", "sign-in", m.text("signIn.button"), m.text("signIn.hint", AuthorizationRequest.Purpose.SIGN_IN.level().acr()), true);
        action(body, session, "/pay", "pay", paymentButton(m), m.text("pay.hint", AuthorizationRequest.Purpose.PAYMENT.level().acr()), false);
        if (signIn != null || payment != null) {
            action(body, session, "/signout", "sign-out", m.text("signOut.button"), null, false);
        }
        body.append("</section>\n");
        body.append("<p class=\"more\"><a id=\"call-centre\" href=\"/call-centre\">").append(escape(m.text("callCentre.link")))
                .append("</a></p>\n");
        return frame(m, m.text("home.title"), body.toString());
    }

    /**
     * The call-centre page: the agent types the caller's user code; then, for {@code identification},
     * the event ID to read out while the customer answers in the app (the page reloads itself, no
     * scripts), who was identified, or how it ended. {@code problemKey}: a text about the form, or null.
     */
    String callCentre(Messages m, Session session, Identification identification, String problemKey) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(m.text("callCentre.title"))).append("</h1>\n");
        body.append("<p class=\"intro\">").append(escape(m.text("callCentre.intro", Config.CALL_CENTRE_CLIENT_ID))).append("</p>\n");
        Identification.State state = identification == null ? null : identification.state();
        if (state == Identification.State.WAITING) {
            String[] readOut = m.text("callCentre.readOut", "\u0000").split("\u0000", -1);
            body.append("<section id=\"call-waiting\" class=\"card waiting\" aria-live=\"polite\">\n<p class=\"read-out\">")
                    .append(escape(readOut[0])).append("<strong id=\"event-id\" class=\"event-id\">").append(escape(identification.eventId()))
                    .append("</strong>").append(escape(readOut.length > 1 ? readOut[1] : "")).append("</p>\n<p class=\"hint\">")
                    .append(escape(m.text("callCentre.waiting", time(m, identification.expiresAt())))).append("</p>\n<p><a href=\"/call-centre\">")
                    .append(escape(m.text("callCentre.another"))).append("</a></p>\n</section>\n");
            return frame(m, m.text("callCentre.title"), body.toString(), CALL_CENTRE_REFRESH_SECONDS);
        }
        if (state == Identification.State.IDENTIFIED) {
            Result identified = identification.result();
            body.append("<section id=\"identified\" class=\"card approved\">\n<h2>")
                    .append(escape(m.text("callCentre.identified", displayName(identified)))).append("</h2>\n");
            facts(body, m, identified);
            checks(body, m, identified);
            body.append("</section>\n");
        } else if (state != null) {
            body.append("<section id=\"call-ended\" class=\"card problem\" role=\"alert\">\n<h2>")
                    .append(escape(m.text("callCentre.notIdentified"))).append("</h2>\n<p id=\"call-outcome\">")
                    .append(escape(m.text(identification.explanationKey()))).append("</p>\n");
            errorCode(body, m, identification.error(), identification.description());
            body.append("</section>\n");
        }
        body.append("<form method=\"post\" action=\"/call-centre/identify\" class=\"card\">\n<input type=\"hidden\" name=\"form_token\" value=\"")
                .append(escape(session.formToken())).append("\">\n<p><label for=\"user-code\">").append(escape(m.text("callCentre.userCode")))
                .append("</label><br>\n<input id=\"user-code\" name=\"user_code\" autocomplete=\"off\" spellcheck=\"false\" maxlength=\"")
                .append(CallCentre.MAX_USER_CODE).append("\"").append(problemKey == null ? "" : " aria-invalid=\"true\" aria-describedby=\"user-code-problem\"")
                .append(" required></p>\n");
        if (problemKey != null) {
            body.append("<p id=\"user-code-problem\" class=\"problem-text\">").append(escape(m.text(problemKey))).append("</p>\n");
        }
        body.append("<button type=\"submit\" id=\"identify\" class=\"primary\">").append(escape(m.text("callCentre.identify")))
                .append("</button>\n<p class=\"hint\">").append(escape(m.text("callCentre.hint"))).append("</p>\n</form>\n");
        body.append("<p><a href=\"/\">").append(escape(m.text("backHome"))).append("</a></p>\n");
        return frame(m, m.text("callCentre.title"), body.toString());
    }

    /** Keycloak said no (error, error_description as sent), or this app refused the answer. */
    String error(Messages m, String explanation, String error, String description) {
        StringBuilder body = new StringBuilder();
        body.append("<section id=\"error\" class=\"card problem\" role=\"alert\">\n<h1>")
                .append(escape(m.text("error.heading"))).append("</h1>\n<p id=\"error-explanation\">")
                .append(escape(explanation)).append("</p>\n");
        errorCode(body, m, error, description);
        body.append("<p><a href=\"/\">").append(escape(m.text("backHome"))).append("</a></p>\n</section>\n");
        return frame(m, m.text("error.heading"), body.toString());
    }

    /** Keycloak's error and error_description as sent (escaped), when there is one. */
    private static void errorCode(StringBuilder body, Messages m, String error, String description) {
        if (error != null) {
            body.append("<dl>\n<dt>").append(escape(m.text("error.code"))).append("</dt><dd id=\"error-code\"><code>")
                    .append(escape(error)).append("</code></dd>\n");
            if (description != null) {
                body.append("<dt>").append(escape(m.text("error.description"))).append("</dt><dd id=\"error-description\">")
                        .append(escape(description)).append("</dd>\n");
            }
            body.append("</dl>\n");
        }
    }

    String notFound(Messages m) {
        String body = "<section id=\"error\" class=\"card problem\">\n<h1>" + escape(m.text("notFound.heading")) + "</h1>\n<p><a href=\"/\">"
                + escape(m.text("backHome")) + "</a></p>\n</section>\n";
        return frame(m, m.text("notFound.heading"), body);
    }

    /** "Pay 1 250,00 EUR to Nordic Power Oy" in the customer's language. */
    static String paymentButton(Messages m) {
        return m.text("pay.button", DemoPayment.amountText(m.locale()), DemoPayment.CREDITOR_NAME);
    }

    private static String paymentText(Messages m) {
        return m.text("payment.summary", DemoPayment.amountText(m.locale()), DemoPayment.CREDITOR_NAME, DemoPayment.ibanText());
    }

    private void facts(StringBuilder body, Messages m, Result result) {
        body.append("<dl class=\"facts\">\n");
        fact(body, m, "name", "field.name", result.name());
        fact(body, m, "username", "field.username", result.username());
        body.append("<dt>").append(escape(m.text("field.acr"))).append("</dt><dd class=\"acr\"><code>")
                .append(escape(result.acr())).append("</code> ").append(escape(levelText(m, result.acr()))).append("</dd>\n");
        body.append("<dt>").append(escape(m.text("field.amr"))).append("</dt><dd class=\"amr\">");
        for (String amr : result.amr()) {
            body.append("<span class=\"amr-value\"><code>").append(escape(amr)).append("</code>");
            if (KNOWN_AMR.contains(amr)) {
                body.append(" (").append(escape(m.text("amr." + amr))).append(")");
            }
            body.append("</span> ");
        }
        body.append("</dd>\n");
        body.append("<dt>").append(escape(m.text("field.authTime"))).append("</dt><dd class=\"auth-time\">");
        if (result.authTime() != null) {
            body.append("<time datetime=\"").append(result.authTime()).append("\">")
                    .append(escape(dateTime(m, result.authTime()))).append("</time>");
        }
        body.append("</dd>\n");
        fact(body, m, "issuer", "field.issuer", result.issuer());
        fact(body, m, "audience", "field.audience", result.audience());
        body.append("</dl>\n");
    }

    private static void fact(StringBuilder body, Messages m, String name, String labelKey, String value) {
        body.append("<dt>").append(escape(m.text(labelKey))).append("</dt><dd class=\"").append(name).append("\">")
                .append(escape(value)).append("</dd>\n");
    }

    /**
     * Every check the answer passed before this app believed it (OpenID Connect Core §3.1.3.7, RFC 9396;
     * for a caller identified by phone, CIBA Core 1.0 §10.1.1: no browser, so no state and no nonce).
     */
    private void checks(StringBuilder body, Messages m, Result result) {
        boolean byPhone = result.purpose() == null;
        body.append("<h3>").append(escape(m.text("checks.heading"))).append("</h3>\n<ul class=\"checks\">\n");
        if (!byPhone) {
            check(body, m.text("check.state"));
        }
        check(body, m.text("check.signature", result.keyId()));
        check(body, m.text("check.issuer", result.issuer()));
        check(body, m.text("check.audience", byPhone ? Config.CALL_CENTRE_CLIENT_ID : config.clientId()));
        check(body, m.text("check.expiry", dateTime(m, result.expiresAt())));
        if (byPhone) {
            check(body, m.text("callCentre.check.request"));
            check(body, m.text("callCentre.check.level", result.acr()));
        } else {
            check(body, m.text("check.nonce"));
            check(body, m.text("check.level", result.acr(), result.purpose().level().acr()));
        }
        if (result.purpose() == AuthorizationRequest.Purpose.PAYMENT) {
            check(body, m.text("check.payment"));
        }
        body.append("</ul>\n");
    }

    private static void check(StringBuilder body, String text) {
        body.append("<li>").append(escape(text)).append("</li>\n");
    }

    private static void action(StringBuilder body, Session session, String path, String id, String label, String hint, boolean primary) {
        body.append("<form method=\"post\" action=\"").append(path).append("\">\n<input type=\"hidden\" name=\"form_token\" value=\"")
                .append(escape(session.formToken())).append("\">\n<button type=\"submit\" id=\"").append(id).append("\" class=\"")
                .append(primary ? "primary" : "secondary").append("\">").append(escape(label)).append("</button>\n");
        if (hint != null) {
            body.append("<p class=\"hint\">").append(escape(hint)).append("</p>\n");
        }
        body.append("</form>\n");
    }

    private static String displayName(Result result) {
        return result.name() != null ? result.name() : result.username() != null ? result.username() : "";
    }

    private static String levelText(Messages m, String acr) {
        if (CallCentre.APP_ACR.equals(acr)) {
            return "(" + m.text("level.app") + ")";
        }
        for (Level level : Level.values()) {
            if (level.acr().equals(acr)) {
                return "(" + m.text("level." + level.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) + ")";
            }
        }
        return "";
    }

    private String dateTime(Messages m, Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG).withLocale(m.locale()).withZone(zone).format(instant);
    }

    /** A time of day, for the agent's "waiting until". */
    private String time(Messages m, Instant instant) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM).withLocale(m.locale()).withZone(zone).format(instant);
    }

    private static String frame(Messages m, String title, String body) {
        return frame(m, title, body, 0);
    }

    /** The page around the body; {@code refreshSeconds} > 0 reloads it after that long (a waiting page, without scripts). */
    private static String frame(Messages m, String title, String body, int refreshSeconds) {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"").append(m.language()).append("\">\n<head>\n<meta charset=\"utf-8\">\n");
        if (refreshSeconds > 0) {
            page.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
        }
        page.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append(" · ").append(escape(m.text("bank.name"))).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<header class=\"bar\">\n<a class=\"logo\" href=\"/\">")
                .append(escape(m.text("bank.name"))).append("</a>\n<nav aria-label=\"").append(escape(m.text("language.menu")))
                .append("\" class=\"languages\">\n");
        for (int i = 0; i < Messages.LANGUAGES.size(); i++) {
            String language = Messages.LANGUAGES.get(i);
            page.append("<a href=\"/?lang=").append(language).append("\" lang=\"").append(language).append("\" hreflang=\"")
                    .append(language).append("\"").append(language.equals(m.language()) ? " aria-current=\"true\"" : "")
                    .append(">").append(escape(LANGUAGE_NAMES.get(i))).append("</a>\n");
        }
        page.append("</nav>\n</header>\n<main>\n").append(body).append("</main>\n<footer>\n<p>")
                .append(escape(m.text("footer"))).append("</p>\n</footer>\n</body>\n</html>\n");
        return page.toString();
    }
}
