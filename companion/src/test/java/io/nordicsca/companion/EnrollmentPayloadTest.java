package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnrollmentPayloadTest {

    @Test
    void parsesTheQrCodeText() {
        EnrollmentPayload payload = EnrollmentPayload.parse(
                "nordicsca://enroll?api=https%3A%2F%2Fbank.example%2Frealms%2Fnordic-bank%2Fnordic-sca-device&token=abc-DEF_123");
        assertEquals("https://bank.example/realms/nordic-bank/nordic-sca-device", payload.api());
        assertEquals("abc-DEF_123", payload.token());
    }

    @Test
    void toleratesSurroundingWhitespaceATrailingSlashAndUnknownParameters() {
        EnrollmentPayload payload = EnrollmentPayload.parse(
                " nordicsca://enroll?token=t&v=2&api=http%3A%2F%2Flocalhost%3A8080%2Frealms%2Fr%2Fnordic-sca-device%2F\n");
        assertEquals("http://localhost:8080/realms/r/nordic-sca-device", payload.api());
        assertEquals("t", payload.token());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "https://bank.example/realms/r/nordic-sca-device",
        "nordicsca://other?api=https%3A%2F%2Fbank.example&token=t",
        "nordicsca://enroll?token=t",
        "nordicsca://enroll?api=https%3A%2F%2Fbank.example",
        "nordicsca://enroll?api=https%3A%2F%2Fbank.example&token=",
        "nordicsca://enroll?api=ftp%3A%2F%2Fbank.example&token=t",
        "nordicsca://enroll?api=bank.example&token=t",
        "nordicsca://enroll?api=https%3A%2F%2Fbank.example%3Fx%3D1&token=t",
        "nordicsca://enroll?api=https%3A%2F%2Fbank.example&token=t&token=u",
        "nordicsca://enroll?api=https%3A%2F%2Fbank.example&token",
        "nordicsca://enroll?api=%ZZ&token=t",
    })
    void refusesAnythingElse(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnrollmentPayload.parse(text));
        assertEquals(true, e.getMessage().startsWith("Not an enrollment code"), e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(IllegalArgumentException.class, () -> EnrollmentPayload.parse(null));
    }
}
