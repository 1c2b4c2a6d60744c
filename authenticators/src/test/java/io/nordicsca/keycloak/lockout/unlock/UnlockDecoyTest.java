package io.nordicsca.keycloak.lockout.unlock;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnlockDecoyTest {

    @Test
    void aCustomersNumberOnFileIsMaskedAsTheSmsStepMasksIt() {
        assertEquals("+46•••••••01", UnlockDecoy.mask("+46701220001", "SE", "kari", "realm"));
        assertEquals("+46•••••••01", UnlockDecoy.mask("070-111 00 01", "SE", "kari", "realm"), "a Swedish national number");
        assertEquals("+358•••••••67", UnlockDecoy.mask("+358401234567", "SE", "kari", "realm"));
    }

    @Test
    void anUnknownUsernameGetsASwedishMobileEndingThatIsTheSameEveryTime() {
        String first = UnlockDecoy.mask(null, "SE", "nobody", "realm");
        assertTrue(first.matches("\\+46•{7}\\d\\d"), first);
        assertEquals(first, UnlockDecoy.mask(null, "SE", "NOBODY", "realm"), "usernames are case-insensitive in Keycloak");
        assertEquals(first, UnlockDecoy.mask("12", "SE", "nobody", "realm"), "an unusable number on file reads like none");
    }

    @Test
    void someoneWithoutANumberSeesAMobileNumberOfTheSmsStepsCountryNotAlwaysASwedishOne() {
        assertTrue(UnlockDecoy.mask(null, "FI", "nobody", "realm").startsWith("+358"), "Finnish bank: +358");
        assertTrue(UnlockDecoy.mask(null, "NO", "nobody", "realm").startsWith("+47"), "Norwegian bank: +47");
        assertTrue(UnlockDecoy.mask(null, "DK", "nobody", "realm").startsWith("+45"), "Danish bank: +45");
        assertEquals(UnlockDecoy.mask("+4791234567", "NO", "kari", "realm").length(), UnlockDecoy.mask(null, "NO", "nobody", "realm").length(),
                "as long as a real Norwegian mobile number masked");
    }

    @Test
    void onlyAUserlessSignInWhoseDecoyBeganIsAnsweredInTheSmsStepsPlace() {
        Map<String, String> decoy = Map.of("nordic-sca.unlock.decoy", new UnlockDecoy.State("+46•••••••42", 1, 0, 0, 0, 300).write());
        UserModel customer = fake(UserModel.class, Map.of());

        assertTrue(UnlockDecoy.inPlaceOfSmsStep(session(decoy, null)).isPresent(), "the decoy answers as the SMS step");
        assertFalse(UnlockDecoy.inPlaceOfSmsStep(session(decoy, null)).orElseThrow().requiresUser(), "without a user");
        assertTrue(UnlockDecoy.inPlaceOfSmsStep(session(Map.of(), null)).isEmpty(),
                "a sign-in without a user and without a decoy gets the SMS step, which requires a user, so Keycloak refuses it");
        assertTrue(UnlockDecoy.inPlaceOfSmsStep(session(decoy, customer)).isEmpty(), "a sign-in with a customer always gets the SMS step");
        assertTrue(UnlockDecoy.inPlaceOfSmsStep(session(Map.of("nordic-sca.unlock.decoy", "garbled"), null)).isEmpty(),
                "an unreadable note is no decoy");
        KeycloakContext noSignIn = fake(KeycloakContext.class, Map.of());
        assertTrue(UnlockDecoy.inPlaceOfSmsStep(fake(KeycloakSession.class, Map.of("getContext", noSignIn))).isEmpty(),
                "outside a sign-in (the posture report, the admin console) the SMS step is itself");
    }

    @Test
    void theDecoysStateReadsBackAsWritten() {
        UnlockDecoy.State state = new UnlockDecoy.State("+358•••••••67", 1765000000, 2, 4, 0, 250);
        Map<String, String> notes = new HashMap<>(Map.of("nordic-sca.unlock.decoy", state.write()));
        assertEquals(state, UnlockDecoy.State.read(fake(AuthenticationSessionModel.class, Map.of(), notes)));
    }

    private static KeycloakSession session(Map<String, String> notes, UserModel user) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getAuthenticatedUser", user);
        AuthenticationSessionModel authSession = fake(AuthenticationSessionModel.class, answers, notes);
        return fake(KeycloakSession.class, Map.of("getContext", fake(KeycloakContext.class, Map.of("getAuthenticationSession", authSession))));
    }

    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return fake(type, answers, Map.of());
    }

    /** An object of this Keycloak interface that answers only the given methods (null for any other getter) and its auth notes. */
    private static <T> T fake(Class<T> type, Map<String, Object> answers, Map<String, String> notes) {
        return type.cast(Proxy.newProxyInstance(UnlockDecoyTest.class.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("getAuthNote")) {
                return notes.get((String) args[0]);
            }
            if (answers.containsKey(method.getName()) || method.getName().startsWith("get")) {
                return answers.get(method.getName());
            }
            throw new UnsupportedOperationException(method.getName());
        }));
    }
}
