package io.nordicsca.keycloak.codecard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The printable card's model ({@value CodeCardPrintout#TEMPLATE}, attribute {@value #ATTRIBUTE}): what
 * the bank prints or mails, in the customer's language. Dates are formatted here, in that language
 * (Java's medium style, UTC), so the template only places them.
 *
 * @param language the page's language tag ({@code <html lang>})
 * @param bank     the realm's display name, else its name
 * @param serial   the card's serial
 * @param holder   the customer's full name, else the username
 * @param issued   the issue date
 * @param expires  the expiry date, empty when the card does not expire
 * @param rows     the security numbers, {@value #COLUMNS} to a row, numbered down the columns
 */
public record CodeCardPrint(String language, String bank, String serial, String holder, String issued, String expires,
                            List<List<Cell>> rows) {

    /** The template's attribute. */
    public static final String ATTRIBUTE = "card";
    static final int COLUMNS = 5;

    /** One security number and its position on the card. */
    public record Cell(int position, String code) {
    }

    static CodeCardPrint of(RealmModel realm, UserModel user, CodeCardIssuer.IssuedCodeCard issued, Locale locale) {
        CodeCardCredentialModel card = issued.credential();
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(ZoneOffset.UTC);
        Instant expires = card.expiresAt();
        return new CodeCardPrint(locale.toLanguageTag(), realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName(),
                card.serial(), fullName(user), dates.format(card.issuedAt()), expires == null ? "" : dates.format(expires),
                grid(issued.codes()));
    }

    /** Position n's code is codes[n-1]; rows of {@value #COLUMNS}, numbered down the columns, as paper cards are read. */
    static List<List<Cell>> grid(List<String> codes) {
        int rows = (codes.size() + COLUMNS - 1) / COLUMNS;
        List<List<Cell>> grid = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            List<Cell> cells = new ArrayList<>(COLUMNS);
            for (int column = 0; column < COLUMNS; column++) {
                int position = column * rows + row + 1;
                if (position <= codes.size()) {
                    cells.add(new Cell(position, codes.get(position - 1)));
                }
            }
            grid.add(List.copyOf(cells));
        }
        return List.copyOf(grid);
    }

    private static String fullName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = (first + " " + last).trim();
        return name.isEmpty() ? user.getUsername() : name;
    }
}
