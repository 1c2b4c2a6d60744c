package io.nordicsca.keycloak.codecard;

import java.text.MessageFormat;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Properties;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The card as the bank prints or mails it: a card-sized grid of numbered security numbers with
 * the serial, the holder and the dates, in the customer's language. Self-contained HTML (inline
 * CSS, no scripts), so it prints the same from any browser and can be archived as it was sent.
 */
final class CodeCardPrintout {

    private static final int COLUMNS = 5;

    private CodeCardPrintout() {
    }

    static String html(RealmModel realm, UserModel user, CodeCardIssuer.IssuedCodeCard issued, Properties messages, Locale locale) {
        CodeCardCredentialModel card = issued.credential();
        String bank = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(ZoneOffset.UTC);
        String holder = fullName(user);

        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(escape(locale.toLanguageTag())).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(text(messages, "codeCardTitle", locale))).append(" ").append(escape(card.serial())).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:Helvetica,Arial,sans-serif;color:#1b2733;margin:0;padding:12mm}\n")
                .append(".card{width:170mm;border:1px solid #0b3d5c;border-radius:4mm;padding:6mm;break-inside:avoid}\n")
                .append("h1{font-size:14pt;margin:0 0 2mm;color:#0b3d5c}\n")
                .append("dl{display:grid;grid-template-columns:auto 1fr;gap:1mm 4mm;font-size:9pt;margin:0 0 3mm}\n")
                .append("dt{font-weight:bold}dd{margin:0}\n")
                .append("table{border-collapse:collapse;width:100%;font-size:9pt}\n")
                .append("td{border:1px solid #c5ced6;padding:1mm 2mm;white-space:nowrap}\n")
                .append("td.no{color:#4a5866;text-align:right;width:8mm}td.code{font-family:'Courier New',monospace;font-size:10pt;letter-spacing:.5mm}\n")
                .append("p{font-size:8pt;color:#4a5866;margin:3mm 0 0}\n")
                .append("</style>\n</head>\n<body>\n<div class=\"card\">\n")
                .append("<h1>").append(escape(bank)).append(" · ").append(escape(text(messages, "codeCardTitle", locale))).append("</h1>\n<dl>\n");
        row(html, text(messages, "codeCardSerialLabel", locale), card.serial(), "serial");
        row(html, text(messages, "codeCardPrintHolder", locale), holder, "holder");
        row(html, text(messages, "codeCardPrintIssued", locale), dates.format(card.issuedAt()), "issued");
        row(html, text(messages, "codeCardPrintExpires", locale),
                card.expiresAt() == null ? text(messages, "codeCardPrintNoExpiry", locale) : dates.format(card.expiresAt()), "expires");
        html.append("</dl>\n<table>\n<caption hidden>").append(escape(text(messages, "codeCardPrintCode", locale))).append("</caption>\n");
        int rows = (issued.codes().size() + COLUMNS - 1) / COLUMNS;
        for (int row = 0; row < rows; row++) {
            html.append("<tr>");
            for (int column = 0; column < COLUMNS; column++) {
                int position = column * rows + row + 1; // numbered down the columns, as paper cards are read
                if (position <= issued.codes().size()) {
                    html.append("<td class=\"no\">").append(position).append("</td><td class=\"code\" data-position=\"")
                            .append(position).append("\">").append(issued.codes().get(position - 1)).append("</td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<p>").append(escape(text(messages, "codeCardPrintIntro", locale, bank))).append("</p>\n</div>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void row(StringBuilder html, String label, String value, String id) {
        html.append("<dt>").append(escape(label)).append("</dt><dd id=\"").append(id).append("\">").append(escape(value)).append("</dd>\n");
    }

    private static String fullName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = (first + " " + last).trim();
        return name.isEmpty() ? user.getUsername() : name;
    }

    private static String text(Properties messages, String key, Locale locale, Object... parameters) {
        String pattern = messages.getProperty(key, key);
        try {
            return new MessageFormat(pattern, locale).format(parameters);
        } catch (IllegalArgumentException e) {
            return pattern; // a realm's malformed text override must not stop a card from being issued
        }
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
