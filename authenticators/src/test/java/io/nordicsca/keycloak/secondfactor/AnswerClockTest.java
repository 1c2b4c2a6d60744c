package io.nordicsca.keycloak.secondfactor;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When an answer is late: timed from the password for the first question after it, from the question otherwise; reloads buy no time. */
class AnswerClockTest {

    private final Map<String, String> notes = new HashMap<>();
    /** An authentication session that answers only what AnswerClock asks: its notes. */
    private final AuthenticationSessionModel authSession = (AuthenticationSessionModel) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{AuthenticationSessionModel.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAuthNote" -> notes.get((String) args[0]);
                case "setAuthNote" -> notes.put((String) args[0], (String) args[1]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @AfterEach
    void realTime() {
        Time.setOffset(0);
    }

    @Test
    void theFirstQuestionAfterThePasswordIsTimedFromThePasswordAndAReloadBuysNoTime() {
        AnswerClock.askedAnew(authSession, AnswerClock.PASSWORD);
        Time.setOffset(100);
        AnswerClock.asked(authSession, "code-card");
        Time.setOffset(200);
        AnswerClock.asked(authSession, "code-card"); // a reload
        assertEquals(0, AnswerClock.lateBy(authSession, "code-card", 300));
        Time.setOffset(301);
        assertEquals(301, AnswerClock.lateBy(authSession, "code-card", 300));
    }

    @Test
    void askingAnewStartsTheClockAgain() {
        AnswerClock.asked(authSession, "sms");
        Time.setOffset(250);
        AnswerClock.askedAnew(authSession, "sms"); // a wrong answer, a new code
        Time.setOffset(500);
        assertEquals(0, AnswerClock.lateBy(authSession, "sms", 300));
        Time.setOffset(551);
        assertEquals(301, AnswerClock.lateBy(authSession, "sms", 300));
    }

    @Test
    void anotherStepsClockIsNotThisOnesButTheNextQuestionStartsItsOwn() {
        AnswerClock.asked(authSession, "code-card");
        Time.setOffset(1000);
        assertEquals(0, AnswerClock.lateBy(authSession, "sms", 300), "'Try another way': the SMS step's clock has not started");
        AnswerClock.asked(authSession, "sms");
        Time.setOffset(1200);
        assertEquals(0, AnswerClock.lateBy(authSession, "sms", 300));
    }

    @Test
    void theLimitIsClampedIntoRangeAndFallsBackToTheStepsDefault() {
        assertEquals(300, AnswerClock.limit(null, 300));
        assertEquals(120, AnswerClock.limit(config("120"), 300));
        assertEquals(300, AnswerClock.limit(config(""), 300));
        assertEquals(300, AnswerClock.limit(config("soon"), 300));
        assertEquals(AnswerClock.MIN_SECONDS, AnswerClock.limit(config("0"), 300));
        assertEquals(AnswerClock.MAX_SECONDS, AnswerClock.limit(config("99999"), 300));
    }

    private static AuthenticatorConfigModel config(String seconds) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of(AnswerClock.ANSWER_WITHIN, seconds));
        return model;
    }
}
