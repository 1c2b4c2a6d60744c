package io.nordicsca.keycloak.codecard;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.keycloak.models.utils.TimeBasedOTP;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The code card's server-side costs next to Keycloak's built-in OTP form in the same run:
 * verifying one answer (our salted PBKDF2 cell vs Keycloak's TOTP check), and issuing cards.
 */
@State(Scope.Benchmark)
public class CodeCardBenchmark {

    private CodeCardCredentialModel card;
    private String rightCode;
    private final TimeBasedOTP totp = new TimeBasedOTP();
    private final String totpSecret = "NordicScaBenchmarkTotpSecret0001";
    private String totpCode;
    private CodeCardIssuer issuer;
    /** Cards are sealed with a server pepper, as in production (HMAC-SHA256 before PBKDF2). */
    private final CellPeppers.Pepper pepper = new CellPeppers.Pepper("bench",
            "NordicScaBenchmarkPepper-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Setup
    public void setUp() {
        issuer = new CodeCardIssuer(new SecureRandom(), Clock.systemUTC(), CellHasher.DEFAULT_ITERATIONS);
        CodeCardIssuer.IssuedCodeCard issued = issuer.issue(CodeCardSpec.defaults(), pepper);
        card = issued.credential();
        rightCode = issued.codes().get(41);
        totpCode = totp.generateTOTP(totpSecret);
    }

    /** One right answer at position 42, as the code card step checks it. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean verifyCodeCardCell() {
        return card.matches(42, rightCode, pepper.value());
    }

    /** Keycloak's OTP form check of a right TOTP code (window of one step either side). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean verifyKeycloakTotp() {
        return totp.validateTOTP(totpCode, totpSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Issuing a 100-cell card, on both cores of the machine. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public CodeCardIssuer.IssuedCodeCard issue100CellCard() {
        return issuer.issue(CodeCardSpec.defaults(), pepper);
    }
}
