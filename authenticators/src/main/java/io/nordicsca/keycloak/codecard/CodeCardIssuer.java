package io.nordicsca.keycloak.codecard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a new card: random codes from {@link SecureRandom}, a random serial, every cell sealed
 * (with the server's current pepper when it has one).
 * The plain codes exist only in the returned {@link IssuedCodeCard}, which the bank prints once.
 */
final class CodeCardIssuer {

    private final SecureRandom random;
    private final Clock clock;
    private final int iterations;

    CodeCardIssuer(SecureRandom random, Clock clock, int iterations) {
        this.random = random;
        this.clock = clock;
        this.iterations = iterations;
    }

    static CodeCardIssuer standard() {
        return new CodeCardIssuer(new SecureRandom(), Clock.systemUTC(), CellHasher.DEFAULT_ITERATIONS);
    }

    /** @param pepper the server's current pepper, or null when the server has none */
    IssuedCodeCard issue(CodeCardSpec spec, CellPeppers.Pepper pepper) {
        List<String> codes = new ArrayList<>(spec.positions());
        List<String> sealed = new ArrayList<>(spec.positions());
        for (int position = 1; position <= spec.positions(); position++) {
            String code = digits(spec.digits());
            codes.add(code);
            sealed.add(CellHasher.seal(code, iterations, pepper == null ? null : pepper.value(), random));
        }
        Instant now = clock.instant();
        Instant expiresAt = spec.validDays() == null ? null : now.plus(Duration.ofDays(spec.validDays()));
        CodeCardCredentialModel model = CodeCardCredentialModel.issued(serial(), spec.digits(), sealed, iterations,
                pepper == null ? null : pepper.id(), now, expiresAt);
        return new IssuedCodeCard(model, codes);
    }

    /** "1234 5678": eight random digits, grouped for reading over the phone. */
    private String serial() {
        String digits = digits(8);
        return digits.substring(0, 4) + " " + digits.substring(4);
    }

    private String digits(int count) {
        StringBuilder code = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    /** A card as issued: its credential, and its codes in position order (position 1 first). */
    record IssuedCodeCard(CodeCardCredentialModel credential, List<String> codes) {
    }
}
