package io.nordicsca.keycloak.codecard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeCardIssuerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final CodeCardIssuer issuer = new CodeCardIssuer(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC), 10);

    @Test
    void issuesTheRequestedNumberOfCodesWithTheRequestedDigits() {
        CodeCardIssuer.IssuedCodeCard card = issuer.issue(new CodeCardSpec(148, 6, null), null);

        assertEquals(148, card.codes().size());
        assertTrue(card.codes().stream().allMatch(code -> code.matches("[0-9]{6}")), card.codes().toString());
        assertEquals(148, card.credential().positions());
        assertEquals(CodeCardStatus.ISSUED, card.credential().status());
        assertTrue(card.credential().serial().matches("[0-9]{4} [0-9]{4}"));
        assertEquals(card.credential().serial().substring(5), card.credential().serialEnding());
        assertNull(card.credential().expiresAt());
    }

    @Test
    void codesAreRandomNotRepeatedPatterns() {
        Set<String> codes = new HashSet<>(issuer.issue(new CodeCardSpec(500, 10, null), null).codes());
        // 500 ten-digit random codes collide with probability ~1e-5.
        assertTrue(codes.size() >= 499, "too many repeated codes: " + codes.size());
    }

    @Test
    void storedCredentialHoldsNoCodeInPlainText() {
        CodeCardIssuer.IssuedCodeCard card = issuer.issue(new CodeCardSpec(100, 6, 365), null);
        String stored = card.credential().getCredentialData() + card.credential().getSecretData();

        for (String code : card.codes()) {
            assertFalse(stored.contains(code), "code " + code + " is readable in the stored credential");
        }
        assertTrue(card.credential().getSecretData().contains("cells"));
        assertEquals(NOW.plusSeconds(365L * 24 * 3600), card.credential().expiresAt());
    }

    @Test
    void eachCellMatchesOnlyItsOwnCode() {
        CodeCardIssuer.IssuedCodeCard card = issuer.issue(new CodeCardSpec(10, 6, null), null);
        CodeCardCredentialModel model = card.credential();

        for (int position = 1; position <= 10; position++) {
            String code = card.codes().get(position - 1);
            assertTrue(model.matches(position, code, null), "position " + position);
            int other = position % 10 + 1;
            if (!card.codes().get(other - 1).equals(code)) {
                assertFalse(model.matches(other, code, null), "code of " + position + " accepted at " + other);
            }
        }
        assertFalse(model.matches(1, "not-a-code", null));
    }

    @Test
    void identicalCodesAreSealedDifferently() {
        List<String> a = List.of(CellHasher.seal("123456", 10, null, new SecureRandom()), CellHasher.seal("123456", 10, null, new SecureRandom()));
        assertFalse(a.get(0).equals(a.get(1)), "cells must be salted");
    }

    @Test
    void survivesStorageAndTracksUsedCellsUntilExhausted() {
        CodeCardCredentialModel model = issuer.issue(new CodeCardSpec(10, 6, null), null).credential();
        model.setStatus(CodeCardStatus.ACTIVE);
        model.markUsed(3);
        model.markUsed(7);

        CodeCardCredentialModel reloaded = CodeCardCredentialModel.of(copy(model));
        assertEquals(CodeCardStatus.ACTIVE, reloaded.status());
        assertTrue(reloaded.isUsed(3) && reloaded.isUsed(7) && !reloaded.isUsed(4));
        assertEquals(8, reloaded.unusedCount());
        assertArrayEquals(new int[] {1, 2, 4, 5, 6, 8, 9, 10}, reloaded.unusedPositions());

        for (int position : reloaded.unusedPositions()) {
            reloaded.markUsed(position);
        }
        assertEquals(0, reloaded.unusedCount());
        assertEquals(CodeCardStatus.EXHAUSTED, CodeCardCredentialModel.of(copy(reloaded)).status());
    }

    @Test
    void specRejectsWhatTheBankCannotMean() {
        assertTrue(CodeCardSpec.defaults().problems().isEmpty());
        assertEquals(3, new CodeCardSpec(5, 3, 0).problems().size());
        assertEquals(1, new CodeCardSpec(501, 6, null).problems().size());
    }

    private static CredentialModel copy(CodeCardCredentialModel model) {
        CredentialModel stored = new CredentialModel();
        stored.setId("credential-1");
        stored.setType(model.getType());
        stored.setCreatedDate(model.getCreatedDate());
        stored.setCredentialData(model.getCredentialData());
        stored.setSecretData(model.getSecretData());
        return stored;
    }
}
