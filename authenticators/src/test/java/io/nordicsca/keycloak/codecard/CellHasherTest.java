package io.nordicsca.keycloak.codecard;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cells sealed with the server's pepper: what a copy of the database can and cannot do. */
class CellHasherTest {

    private static final byte[] PEPPER = "a-pepper-of-at-least-32-characters-000".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_PEPPER = "another-pepper-of-32-characters-or-more-1".getBytes(StandardCharsets.UTF_8);
    private static final int ITERATIONS = 10;

    @Test
    void aPepperedCellMatchesItsCodeOnlyWithThePepper() {
        String sealed = CellHasher.seal("123456", ITERATIONS, PEPPER, new SecureRandom());

        assertTrue(CellHasher.matches(sealed, "123456", ITERATIONS, PEPPER));
        assertFalse(CellHasher.matches(sealed, "123457", ITERATIONS, PEPPER));
        assertFalse(CellHasher.matches(sealed, "123456", ITERATIONS, null), "the database alone cannot confirm the right code");
        assertFalse(CellHasher.matches(sealed, "123456", ITERATIONS, OTHER_PEPPER), "nor can another pepper");
    }

    @Test
    void aDatabaseCopyAloneFindsNoCodeOfAPepperedCell() {
        // The offline attack on a short card (4 digits, the smallest the bank may issue): try every code.
        String sealed = CellHasher.seal("4711", 1, PEPPER, new SecureRandom());
        for (int guess = 0; guess < 10_000; guess++) {
            String code = String.format("%04d", guess);
            assertFalse(CellHasher.matches(sealed, code, 1, null), "every guess fails without the pepper; " + code + " matched");
        }
        assertTrue(CellHasher.matches(sealed, "4711", 1, PEPPER));
    }

    @Test
    void aCellSealedBeforeThePepperStillMatchesTheOldWay() {
        String sealedBefore = CellHasher.seal("654321", ITERATIONS, null, new SecureRandom());

        assertTrue(CellHasher.matches(sealedBefore, "654321", ITERATIONS, null));
        assertFalse(CellHasher.matches(sealedBefore, "654321", ITERATIONS, PEPPER), "an old cell is checked without a pepper");
    }

    @Test
    void aCardRecordsThePepperIdAndNeverThePepper() {
        CodeCardIssuer issuer = new CodeCardIssuer(new SecureRandom(), Clock.systemUTC(), ITERATIONS);
        CodeCardIssuer.IssuedCodeCard issued = issuer.issue(new CodeCardSpec(10, 6, null), new CellPeppers.Pepper("2026", PEPPER));
        CodeCardCredentialModel card = CodeCardCredentialModel.of(stored(issued.credential()));

        assertEquals("2026", card.pepperId());
        String everything = card.getCredentialData() + card.getSecretData();
        assertFalse(everything.contains(new String(PEPPER, StandardCharsets.UTF_8)));
        assertTrue(card.matches(1, issued.codes().get(0), PEPPER));
        assertFalse(card.matches(1, issued.codes().get(0), null));
        assertNull(CodeCardCredentialModel.of(stored(issuer.issue(new CodeCardSpec(10, 6, null), null).credential())).pepperId(),
                "a card issued without a pepper names none");
        assertFalse(issuer.issue(new CodeCardSpec(10, 6, null), null).credential().getCredentialData().contains("pepperId"));
    }

    @Test
    void peppersAreReadByIdTheFirstIsCurrentAndRetiredOnesCannotBeUsed() {
        CellPeppers peppers = CellPeppers.parse(" 2026:" + "x".repeat(32) + " , 2025:${vault.code_card_pepper_2025}");
        Map<String, String> vault = Map.of("${vault.code_card_pepper_2025}", "y".repeat(40));

        assertEquals("2026", peppers.currentId());
        assertEquals(List.of("2026", "2025"), peppers.ids());
        assertEquals("x".repeat(32), new String(peppers.current(ref -> Optional.ofNullable(vault.get(ref))).value(), StandardCharsets.UTF_8));
        assertEquals("y".repeat(40), new String(peppers.resolve("2025", ref -> Optional.ofNullable(vault.get(ref))).value(), StandardCharsets.UTF_8),
                "an older pepper keeps verifying, from the realm's vault");
        assertThrows(CellPeppers.Unavailable.class, () -> peppers.resolve("2024", ref -> Optional.empty()), "a retired id");
        assertThrows(CellPeppers.Unavailable.class, () -> peppers.resolve("2025", ref -> Optional.empty()), "a vault without the secret");
        assertNull(CellPeppers.parse(null).currentId());
        assertNull(CellPeppers.parse(" ").current(ref -> Optional.empty()));
    }

    @Test
    void aMalformedPepperOptionStopsTheServerWithoutSayingThePepper() {
        for (String option : List.of("short:too-short", "no-id-here", ":" + "z".repeat(40), "a:" + "z".repeat(40) + ",a:" + "w".repeat(40), "sp ace:" + "z".repeat(40))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CellPeppers.parse(option), option);
            assertFalse(e.getMessage().contains("too-short") || e.getMessage().contains("zzzz") || e.getMessage().contains("wwww"),
                    "no pepper in the message: " + e.getMessage());
        }
        assertFalse(new CellPeppers.Pepper("1", PEPPER).toString().contains("pepper-of"));
        assertFalse(CellPeppers.parse("1:" + "q".repeat(40)).toString().contains("qqqq"));
    }

    private static CredentialModel stored(CodeCardCredentialModel model) {
        CredentialModel stored = new CredentialModel();
        stored.setId("credential-1");
        stored.setType(model.getType());
        stored.setCreatedDate(model.getCreatedDate());
        stored.setCredentialData(model.getCredentialData());
        stored.setSecretData(model.getSecretData());
        return stored;
    }
}
