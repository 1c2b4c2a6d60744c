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
        return frame(m, m.text("home.title"), body.toString());
    }

    /** Keycloak said no (error, error_description as sent), or this app refused the answer. */
    String error(Messages m, String explanation, String error, String description) {
        StringBuilder body = new StringBuilder();
        body.append("<section id=\"error\" class=\"card problem\" role=\"alert\">\n<h1>")
                .append(escape(m.text("error.heading"))).append("</h1>\n<p id=\"error-explanation\">")
                .append(escape(explanation)).append("</p>\n");
        if (error != null) {
            body.append("<dl>\n<dt>").append(escape(m.text("error.code"))).append("</dt><dd id=\"error-code\"><code>")
                    .append(escape(error)).append("</code></dd>\n");
            if (description != null) {
                body.append("<dt>").append(escape(m.text("error.description"))).append("</dt><dd id=\"error-description\">")
                        .append(escape(description)).append("</dd>\n");
            }
            body.append("</dl>\n");
        }
        body.append("<p><a href=\"/\">").append(escape(m.text("backHome"))).append("</a></p>\n</section>\n");
        return frame(m, m.text("error.heading"), body.toString());
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

    /** Every check the answer passed before this app believed it (OpenID Connect Core §3.1.3.7, RFC 9396). */
    private void checks(StringBuilder body, Messages m, Result result) {
        body.append("<h3>").append(escape(m.text("checks.heading"))).append("</h3>\n<ul class=\"checks\">\n");
        check(body, m.text("check.state"));
        check(body, m.text("check.signature", result.keyId()));
        check(body, m.text("check.issuer", result.issuer()));
        check(body, m.text("check.audience", config.clientId()));
        check(body, m.text("check.expiry", dateTime(m, result.expiresAt())));
        check(body, m.text("check.nonce"));
        check(body, m.text("check.level", result.acr(), result.purpose().level().acr()));
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

    private static String frame(Messages m, String title, String body) {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"").append(m.language()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
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
