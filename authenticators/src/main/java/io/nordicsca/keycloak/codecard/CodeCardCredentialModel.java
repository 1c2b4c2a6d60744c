package io.nordicsca.keycloak.codecard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nordicsca.keycloak.StoredCredentialFields;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * A code card as Keycloak stores it. Credential data (visible to admins) holds what the bank may
 * know: serial, size, dates, status, which positions are used, and the id of the server pepper the
 * cells were sealed with (none for cards issued before peppers). Secret data holds only the sealed
 * cells (salted, peppered hashes, see {@link CellHasher}), one per position.
 */
public class CodeCardCredentialModel extends CredentialModel {

    public static final String TYPE = "code-card";

    private Data data;
    private final Secret secret;

    private CodeCardCredentialModel(Data data, Secret secret) {
        this.data = data;
        this.secret = secret;
    }

    /** The credential of a card just issued: status ISSUED, no position used. */
    static CodeCardCredentialModel issued(String serial, int digits, List<String> sealedCells, int iterations, String pepperId,
                                          Instant issuedAt, Instant expiresAt) {
        Data data = new Data(serial, sealedCells.size(), digits, issuedAt.toEpochMilli(),
                expiresAt == null ? null : expiresAt.toEpochMilli(), CodeCardStatus.ISSUED, "", CellHasher.ALGORITHM, iterations, pepperId);
        CodeCardCredentialModel model = new CodeCardCredentialModel(data, new Secret(sealedCells));
        model.setType(TYPE);
        model.setCreatedDate(issuedAt.toEpochMilli());
        model.writeToStored();
        return model;
    }

    /** Reads a stored credential of type {@value #TYPE}. */
    public static CodeCardCredentialModel of(CredentialModel stored) {
        try {
            Data data = JsonSerialization.readValue(stored.getCredentialData(), Data.class);
            Secret secret = JsonSerialization.readValue(stored.getSecretData(), Secret.class);
            return StoredCredentialFields.copy(stored, new CodeCardCredentialModel(data, secret));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable code card credential " + stored.getId(), e);
        }
    }

    public String serial() {
        return data.serial();
    }

    /** The last four digits of the serial, which pages show as "card ••1234". */
    public String serialEnding() {
        String digits = data.serial().replaceAll("\\D", "");
        return digits.substring(Math.max(0, digits.length() - 4));
    }

    public int positions() {
        return data.positions();
    }

    public int digits() {
        return data.digits();
    }

    public Instant issuedAt() {
        return Instant.ofEpochMilli(data.issuedAt());
    }

    public Instant expiresAt() {
        return data.expiresAt() == null ? null : Instant.ofEpochMilli(data.expiresAt());
    }

    public boolean isExpired(Instant now) {
        return data.expiresAt() != null && now.toEpochMilli() >= data.expiresAt();
    }

    public CodeCardStatus status() {
        return data.status();
    }

    public boolean isUsed(int position) {
        return usedCells().get(position);
    }

    public int unusedCount() {
        return positions() - usedCells().cardinality();
    }

    /** Positions 1..n not used yet, in order. */
    public int[] unusedPositions() {
        BitSet used = usedCells();
        return IntStream.rangeClosed(1, positions()).filter(p -> !used.get(p)).toArray();
    }

    /** The id of the server pepper the cells were sealed with; null for a card sealed before peppers. */
    public String pepperId() {
        return data.pepperId();
    }

    /**
     * True when the answer is the code at this position; compares in constant time.
     *
     * @param pepper the pepper of {@link #pepperId()} (null for a card without one)
     */
    boolean matches(int position, String answer, byte[] pepper) {
        return CellHasher.matches(secret.cells().get(position - 1), answer, data.iterations(), pepper);
    }

    void markUsed(int position) {
        BitSet used = usedCells();
        used.set(position);
        CodeCardStatus status = used.cardinality() >= positions() ? CodeCardStatus.EXHAUSTED : data.status();
        replace(data.withUsed(encode(used)).withStatus(status));
    }

    void setStatus(CodeCardStatus status) {
        replace(data.withStatus(status));
    }

    private void replace(Data updated) {
        data = updated;
        writeToStored();
    }

    private BitSet usedCells() {
        String used = data.used();
        return used == null || used.isEmpty() ? new BitSet(positions() + 1) : BitSet.valueOf(Base64.getDecoder().decode(used));
    }

    private static String encode(BitSet bits) {
        return Base64.getEncoder().encodeToString(bits.toByteArray());
    }

    private void writeToStored() {
        try {
            setCredentialData(JsonSerialization.writeValueAsString(data));
            setSecretData(JsonSerialization.writeValueAsString(secret));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the bank may see. {@code used} is a bit set of used positions, base64. {@code pepperId}
     * names the server pepper (never the pepper itself); absent on cards issued before peppers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Data(String serial, int positions, int digits, long issuedAt, Long expiresAt, CodeCardStatus status,
                String used, String algorithm, int iterations, String pepperId) {

        Data withUsed(String used) {
            return new Data(serial, positions, digits, issuedAt, expiresAt, status, used, algorithm, iterations, pepperId);
        }

        Data withStatus(CodeCardStatus status) {
            return new Data(serial, positions, digits, issuedAt, expiresAt, status, used, algorithm, iterations, pepperId);
        }
    }

    /** The sealed cells, position 1 first. */
    record Secret(List<String> cells) {
    }
}
