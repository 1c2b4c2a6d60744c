package io.nordicsca.keycloak.codecard;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.nordicsca.keycloak.ResetCredentialsFlow;
import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.lockout.Answers;
import io.nordicsca.keycloak.lockout.Factor;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.nordicsca.keycloak.lockout.FactorStep;
import io.nordicsca.keycloak.lockout.LockPages;
import io.nordicsca.keycloak.lockout.SecondFactorLockout;
import io.nordicsca.keycloak.payment.LinkedPayment;
import io.nordicsca.keycloak.secondfactor.AnswerClock;
import io.nordicsca.keycloak.secondfactor.TypedCode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The code card step: "enter security number 23 from your code card (card ••1234)".
 *
 * <ol>
 * <li>{@link #authenticate}: find the customer's card. If it cannot be used (not activated,
 *     exhausted, expired, revoked) say so and what to do. Otherwise pick a random unused position
 *     once per login and keep it in the authentication session, so reloading the page never
 *     reveals another position.</li>
 * <li>{@link #action}: after the "card running out" notice, continue. Otherwise check the answer's
 *     form (empty, not 0-9, wrong length are not guesses: nothing is counted), refuse a locked
 *     user without looking at the code, take one of the answers the realm still allows (atomic,
 *     cluster-wide: a burst of parallel guesses cannot outrun Keycloak's asynchronous lock),
 *     verify in constant time, and on a wrong answer report a failure to Keycloak's brute-force protector. A right answer uses up the cell (claimed
 *     cluster-wide first, so two parallel logins cannot both use it).</li>
 * </ol>
 */
public class CodeCardAuthenticator implements Authenticator, CredentialValidator<CodeCardCredentialProvider>, FactorStep {

    static final String TEMPLATE = "login-code-card.ftl";
    static final String FIELD = "code";
    /** Default of "answer within" (seconds), see {@link AnswerClock}. */
    static final int ANSWER_WITHIN = 300;

    private static final String NOTE_PREFIX = "nordic-sca.code-card.";
    static final String NOTE_CARD = NOTE_PREFIX + "card";
    static final String NOTE_POSITION = NOTE_PREFIX + "position";
    static final String NOTE_VERIFIED_LOW = NOTE_PREFIX + "verified-low";

    /** A claimed cell stays claimed in the shared store this long; the used mark in the credential is what lasts. */
    private static final long CELL_CLAIM_SECONDS = 30L * 24 * 3600;
    /** How long a card's pending position waits for its answer; then a new one may be drawn. */
    private static final long PENDING_SECONDS = 30L * 24 * 3600;
    private static final String POSITION = "position";

    private final SecureRandom random = new SecureRandom();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (notAPossessionElementHere(context)) {
            context.attempted();
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (LinkedPayment.requested(context).isPresent()) {
            // A printed card cannot show the payment, so it cannot approve one (PSD2 RTS art. 5); as attempted,
            // Keycloak moves on to the next way and leaves the card out of "Try another way".
            context.attempted();
            return;
        }
        Answers.Verdict refused = Answers.refusal(Answers.Attempt.of(context, Factor.CODE_CARD, event(context)));
        if (refused != null) {
            context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), refused));
            return;
        }
        if (AnswerClock.endIfLate(context, Factor.CODE_CARD.id(), answerWithin(context))) {
            return; // a reload long after the question
        }
        Optional<CodeCardCredentialModel> found = getCredentialProvider(context.getSession()).currentCard(context.getUser());
        if (authSession.getAuthNote(NOTE_VERIFIED_LOW) != null && found.isPresent()) {
            context.challenge(lowCellsPage(context, found.get())); // a reload after the right answer
            return;
        }
        if (found.isEmpty()) {
            context.attempted();
            return;
        }
        CodeCardCredentialModel card = found.get();
        String problem = problemOf(card);
        if (problem == null && !getCredentialProvider(context.getSession()).canCheck(card)) {
            problem = CodeCardEvents.PEPPER_UNAVAILABLE; // the bank retired the pepper this card was sealed with
        }
        if (problem != null) {
            event(context, card).error(problem);
            context.challenge(problemPage(context, customerError(problem)));
            return;
        }
        int position = positionFor(context.getSession(), authSession, card, 0);
        AnswerClock.asked(authSession, Factor.CODE_CARD.id());
        context.challenge(challengePage(context, card, position, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (notAPossessionElementHere(context)) {
            context.attempted(); // a form posted to the card step where it is not offered
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();

        if (authSession.getAuthNote(NOTE_VERIFIED_LOW) != null) {
            clearNotes(authSession);
            context.success(CodeCardCredentialModel.TYPE);
            return;
        }
        if (AnswerClock.endIfLate(context, Factor.CODE_CARD.id(), answerWithin(context))) {
            return; // too late: not looked at, not counted
        }
        CodeCardCredentialProvider provider = getCredentialProvider(context.getSession());
        Optional<CodeCardCredentialModel> found = provider.currentCard(context.getUser());
        String position = authSession.getAuthNote(NOTE_POSITION);
        if (found.isEmpty() || problemOf(found.get()) != null || !provider.canCheck(found.get()) || position == null
                || !found.get().getId().equals(authSession.getAuthNote(NOTE_CARD))
                || !position.equals(pendingPosition(context.getSession(), found.get()))) {
            authenticate(context); // the card, or the number it asks, changed since the page was shown
            return;
        }
        CodeCardCredentialModel card = found.get();
        int asked = Integer.parseInt(position);

        TypedCode.Problem formProblem = TypedCode.problem(form.getFirst(FIELD), card.digits());
        if (formProblem != null) {
            context.challenge(challengePage(context, card, asked, message(formProblem), card.digits()));
            return;
        }
        String answer = TypedCode.normalize(form.getFirst(FIELD));

        Answers.Verdict verdict = Answers.check(Answers.Attempt.of(context, Factor.CODE_CARD,
                event(context, card).detail(CodeCardEvents.POSITION, String.valueOf(asked))), () -> {
                    try {
                        return provider.matches(card, asked, answer);
                    } catch (CellPeppers.Unavailable e) {
                        throw new Answers.NotChecked(e); // the vault failed after canCheck above: nothing was looked at
                    }
                });
        switch (verdict.outcome()) {
            case RIGHT -> { }
            case WRONG -> {
                AnswerClock.askedAnew(authSession, Factor.CODE_CARD.id());
                if (verdict.lastAttempt()) {
                    LockPages.lastAttemptWarning(context.form(), context.getRealm(), Factor.CODE_CARD); // the same form the page below fills
                }
                ErrorNotice.fieldError(context.form(), CustomerError.CARD_WRONG_NUMBER, new FormMessage(FIELD, "codeCardInvalid"));
                context.challenge(challengePage(context, card, asked, null)); // the same form, with the message above
                return;
            }
            case BUSY -> {
                ErrorNotice.fieldError(context.form(), CustomerError.ATTEMPT_IN_PROGRESS, new FormMessage(FIELD, SecondFactorLockout.BUSY_MESSAGE));
                context.challenge(challengePage(context, card, asked, null));
                return;
            }
            case NOT_CHECKED -> {
                event(context, card).error(CodeCardEvents.PEPPER_UNAVAILABLE);
                context.challenge(problemPage(context, CustomerError.CARD_CANNOT_BE_CHECKED));
                return;
            }
            default -> { // BLOCKED or FACTOR_LOCKED: refused, whether before this answer or by it
                context.forceChallenge(LockPages.refusal(context.form(), context.getRealm(), verdict));
                return;
            }
        }

        CodeCardConfig config = CodeCardConfig.from(context.getAuthenticatorConfig());
        if (config.singleUse()) {
            if (card.isUsed(asked) || !context.getSession().singleUseObjects().putIfAbsent(cellKey(card, asked), CELL_CLAIM_SECONDS)) {
                // Another login used this cell a moment ago: ask a fresh one rather than accept it twice.
                forgetPosition(context.getSession(), authSession, card);
                int next = positionFor(context.getSession(), authSession, card, asked);
                AnswerClock.askedAnew(authSession, Factor.CODE_CARD.id());
                context.challenge(challengePage(context, card, next, "codeCardUsedMeanwhile", next));
                return;
            }
            if (!provider.markUsed(context.getUser(), card, asked)) {
                authenticate(context); // revoked meanwhile: the bank's word wins
                return;
            }
        }
        forgetPosition(context.getSession(), authSession, card);

        if (config.lowCellsThreshold() > 0 && card.unusedCount() < config.lowCellsThreshold()) {
            lowCellsEvent(context, card);
            authSession.setAuthNote(NOTE_VERIFIED_LOW, "true");
            context.challenge(lowCellsPage(context, card));
            return;
        }
        clearNotes(authSession);
        context.success(CodeCardCredentialModel.TYPE);
    }

    /**
     * The position to ask: one pending position per card, shared by every sign-in on every node
     * and kept until that cell is used. Restarting the login, or starting another one, never
     * draws a new number, so a code phished for one position cannot be replayed by asking again
     * until that position comes up.
     */
    private int positionFor(KeycloakSession session, AuthenticationSessionModel authSession, CodeCardCredentialModel card, int excluded) {
        String pending = pendingPosition(session, card);
        int position;
        if (pending != null && !card.isUsed(Integer.parseInt(pending)) && Integer.parseInt(pending) != excluded) {
            position = Integer.parseInt(pending);
        } else {
            int[] unused = java.util.Arrays.stream(card.unusedPositions()).filter(p -> p != excluded).toArray();
            position = unused.length == 0 ? excluded : unused[random.nextInt(unused.length)];
            session.singleUseObjects().put(pendingKey(card), PENDING_SECONDS, Map.of(POSITION, String.valueOf(position)));
        }
        authSession.setAuthNote(NOTE_CARD, card.getId());
        authSession.setAuthNote(NOTE_POSITION, String.valueOf(position));
        return position;
    }

    private static String pendingPosition(KeycloakSession session, CodeCardCredentialModel card) {
        Map<String, String> pending = session.singleUseObjects().get(pendingKey(card));
        return pending == null ? null : pending.get(POSITION);
    }

    private static void forgetPosition(KeycloakSession session, AuthenticationSessionModel authSession, CodeCardCredentialModel card) {
        session.singleUseObjects().remove(pendingKey(card));
        authSession.removeAuthNote(NOTE_POSITION);
    }

    private static String pendingKey(CodeCardCredentialModel card) {
        return NOTE_PREFIX + "pending." + card.getId();
    }

    /** The event error for a card that cannot be used, or null when it can. */
    static String problemOf(CodeCardCredentialModel card) {
        return switch (card.status()) {
            case ISSUED -> CodeCardEvents.NOT_ACTIVATED;
            case REVOKED -> CodeCardEvents.REVOKED;
            case EXHAUSTED -> CodeCardEvents.EXHAUSTED;
            case ACTIVE -> card.isExpired(Instant.now()) ? CodeCardEvents.EXPIRED
                    : card.unusedCount() == 0 ? CodeCardEvents.EXHAUSTED : null;
        };
    }

    /** What the customer is told about a card that cannot be used (the event error of {@link #problemOf}). */
    static CustomerError customerError(String problem) {
        return switch (problem) {
            case CodeCardEvents.NOT_ACTIVATED -> CustomerError.CARD_NOT_ACTIVATED;
            case CodeCardEvents.REVOKED -> CustomerError.CARD_REVOKED;
            case CodeCardEvents.PEPPER_UNAVAILABLE -> CustomerError.CARD_CANNOT_BE_CHECKED;
            case CodeCardEvents.EXHAUSTED -> CustomerError.CARD_EXHAUSTED;
            default -> CustomerError.CARD_EXPIRED;
        };
    }

    private Response challengePage(AuthenticationFlowContext context, CodeCardCredentialModel card, int position,
                                   String error, Object... errorParameters) {
        var form = context.form().setAttribute(CodeCardPage.ATTRIBUTE, CodeCardPage.challenge(card, position));
        if (error != null) {
            form.addError(new FormMessage(FIELD, error, errorParameters));
        }
        return form.createForm(TEMPLATE);
    }

    private Response lowCellsPage(AuthenticationFlowContext context, CodeCardCredentialModel card) {
        return context.form().setAttribute(CodeCardPage.ATTRIBUTE, CodeCardPage.lowCells(card)).createForm(TEMPLATE);
    }

    private Response problemPage(AuthenticationFlowContext context, CustomerError error) {
        return context.form().setAttribute(CodeCardPage.ATTRIBUTE, CodeCardPage.problem())
                .setAttribute(ErrorNotice.ATTRIBUTE, error.notice(context.getRealm()))
                .createForm(TEMPLATE);
    }

    private static EventBuilder event(AuthenticationFlowContext context, CodeCardCredentialModel card) {
        return event(context).detail(CodeCardEvents.CARD, card.serialEnding());
    }

    private static EventBuilder event(AuthenticationFlowContext context) {
        return context.getEvent().user(context.getUser()).detail(Details.CREDENTIAL_TYPE, CodeCardCredentialModel.TYPE);
    }

    /** A separate event for the bank: this customer needs a new card soon. */
    private static void lowCellsEvent(AuthenticationFlowContext context, CodeCardCredentialModel card) {
        context.getEvent().clone()
                .event(EventType.UPDATE_CREDENTIAL)
                .user(context.getUser())
                .client(context.getAuthenticationSession().getClient())
                .detail(Details.CREDENTIAL_TYPE, CodeCardCredentialModel.TYPE)
                .detail(CodeCardEvents.ACTION, CodeCardEvents.LOW_CELLS)
                .detail(CodeCardEvents.CARD, card.serialEnding())
                .detail(CodeCardEvents.CELLS_LEFT, String.valueOf(card.unusedCount()))
                .success();
    }

    private static String cellKey(CodeCardCredentialModel card, int position) {
        return NOTE_PREFIX + "cell." + card.getId() + "." + position;
    }

    private static void clearNotes(AuthenticationSessionModel authSession) {
        for (String note : new String[] {NOTE_CARD, NOTE_POSITION, NOTE_VERIFIED_LOW}) {
            authSession.removeAuthNote(note);
        }
    }

    /** The card's wording of a malformed answer. */
    static String message(TypedCode.Problem problem) {
        return switch (problem) {
            case MISSING -> "codeCardMissing";
            case NOT_DIGITS -> "codeCardNotDigits";
            case WRONG_LENGTH -> "codeCardWrongLength";
        };
    }

    @Override
    public CodeCardCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (CodeCardCredentialProvider) session.getProvider(CredentialProvider.class, CodeCardCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /**
     * Any card, usable or not, so a customer with a revoked or exhausted card is told why; but not
     * while the code card is locked, so Keycloak moves on to another way (the lock check step tells
     * a customer whose factors are all locked what to do, and leaves a locked card out of "Try another way").
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return has(session, realm, user) && !FactorLocks.lockedNow(user, Factor.CODE_CARD);
    }

    @Override
    public Factor factor() {
        return Factor.CODE_CARD;
    }

    /** Any card, usable or not. */
    @Override
    public boolean has(KeycloakSession session, RealmModel realm, UserModel user) {
        return getCredentialProvider(session).cards(user).findAny().isPresent();
    }

    /**
     * A printed card is no possession element under EBA-Op-2019-06 unless the bank declares it one
     * ({@link CodeCardConfig#possessionElement()}): undeclared, it signs no one in, and is asked only
     * in the reset-credentials flow (the self-service unlock, next to the SMS code).
     */
    private static boolean notAPossessionElementHere(AuthenticationFlowContext context) {
        return !CodeCardConfig.from(context.getAuthenticatorConfig()).possessionElement()
                && !ResetCredentialsFlow.runs(context);
    }

    private static int answerWithin(AuthenticationFlowContext context) {
        return AnswerClock.limit(context.getAuthenticatorConfig(), ANSWER_WITHIN);
    }

    /** Cards come from the bank; a customer cannot set one up here. */
    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
