package io.nordicsca.keycloak.codecard;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.vault.VaultStringSecret;
import org.jboss.logging.Logger;

/**
 * Code cards as Keycloak credentials: issuing (which revokes the previous card), activation,
 * revocation, and the single-use bookkeeping of cells. A user has at most one usable card.
 */
public class CodeCardCredentialProvider implements CredentialProvider<CodeCardCredentialModel>, CredentialInputValidator {

    private static final Logger LOG = Logger.getLogger(CodeCardCredentialProvider.class);

    private final KeycloakSession session;
    private final CellPeppers peppers;

    public CodeCardCredentialProvider(KeycloakSession session, CellPeppers peppers) {
        this.session = session;
        this.peppers = peppers;
    }

    @Override
    public String getType() {
        return CodeCardCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CodeCardCredentialModel card) {
        return user.credentialManager().createStoredCredential(card);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CodeCardCredentialModel getCredentialFromModel(CredentialModel model) {
        return CodeCardCredentialModel.of(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("code-card-display-name")
                .helpText("code-card-help-text")
                .iconCssClass("kcAuthenticatorCodeCardClass")
                // Only the bank issues and revokes cards; the customer sees them but cannot remove them.
                .removeable(false)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && cards(user).findAny().isPresent();
    }

    /** Always false: a card answer is only meaningful for the position the step asked, see {@link CodeCardAuthenticator}. */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }

    /** Every card of the user, newest first. */
    public java.util.stream.Stream<CodeCardCredentialModel> cards(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(CodeCardCredentialModel::of)
                .sorted(Comparator.comparingLong(CodeCardCredentialModel::getCreatedDate).reversed());
    }

    /**
     * The card a sign-in is about: an active card if there is one, else the newest card, whose
     * state (not activated, exhausted, expired, revoked) tells the customer what to do.
     */
    public Optional<CodeCardCredentialModel> currentCard(UserModel user) {
        List<CodeCardCredentialModel> cards = cards(user).toList();
        return cards.stream().filter(card -> card.status() == CodeCardStatus.ACTIVE).findFirst()
                .or(() -> cards.stream().findFirst());
    }

    /**
     * Issues a new card: the previous usable card is revoked, older retired cards are deleted
     * (the newest retired one stays, so a customer using it is told it was replaced).
     */
    CodeCardIssuer.IssuedCodeCard issue(RealmModel realm, UserModel user, CodeCardSpec spec, boolean activated) {
        boolean newestRetiredKept = false;
        for (CodeCardCredentialModel card : cards(user).toList()) { // newest first
            if (card.status() == CodeCardStatus.ACTIVE || card.status() == CodeCardStatus.ISSUED) {
                card.setStatus(CodeCardStatus.REVOKED);
                update(user, card);
                newestRetiredKept = true;
            } else if (newestRetiredKept) {
                deleteCredential(realm, user, card.getId());
            } else {
                newestRetiredKept = true;
            }
        }
        CodeCardIssuer.IssuedCodeCard issued = CodeCardIssuer.standard().issue(spec, peppers.current(this::vault));
        CodeCardCredentialModel card = issued.credential();
        if (activated) {
            card.setStatus(CodeCardStatus.ACTIVE);
        }
        card.setUserLabel(label(card));
        CredentialModel stored = createCredential(realm, user, card);
        card.setId(stored.getId());
        return issued;
    }

    /**
     * True when the answer is the code at this position of the card, checked with the pepper the
     * card was sealed with (none for a card from before peppers); constant time.
     *
     * @throws CellPeppers.Unavailable when that pepper is no longer configured or does not resolve
     */
    boolean matches(CodeCardCredentialModel card, int position, String answer) {
        byte[] pepper = card.pepperId() == null ? null : peppers.resolve(card.pepperId(), this::vault).value();
        return card.matches(position, answer, pepper);
    }

    /**
     * True when this server can check the card's cells: it was sealed without a pepper, or with
     * one that is still configured and resolves. Logs (the id, never the value) when it cannot.
     */
    boolean canCheck(CodeCardCredentialModel card) {
        if (card.pepperId() == null) {
            return true;
        }
        try {
            peppers.resolve(card.pepperId(), this::vault);
            return true;
        } catch (CellPeppers.Unavailable e) {
            LOG.warnf("Code card ••%s cannot be checked: %s", card.serialEnding(), e.getMessage());
            return false;
        }
    }

    /** A vault reference resolved from the realm's vault; any other value as it is. */
    private Optional<String> vault(String value) {
        try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
            return secret.get();
        }
    }

    /** Revokes the user's usable card; false when there was none. */
    boolean revoke(UserModel user) {
        Optional<CodeCardCredentialModel> usable = cards(user)
                .filter(card -> card.status() == CodeCardStatus.ACTIVE || card.status() == CodeCardStatus.ISSUED)
                .findFirst();
        usable.ifPresent(card -> {
            card.setStatus(CodeCardStatus.REVOKED);
            update(user, card);
        });
        return usable.isPresent();
    }

    /**
     * Activates the card with the security number at {@code position}, read as the card is stored now
     * (so a bank revoking it meanwhile is not overwritten): the card becomes active and that number
     * used, in one write. False when the stored card is no longer waiting for activation.
     */
    boolean activate(UserModel user, CodeCardCredentialModel card, int position) {
        CredentialModel stored = user.credentialManager().getStoredCredentialById(card.getId());
        if (stored == null) {
            return false;
        }
        CodeCardCredentialModel fresh = CodeCardCredentialModel.of(stored);
        if (fresh.status() != CodeCardStatus.ISSUED) {
            return false;
        }
        fresh.setStatus(CodeCardStatus.ACTIVE);
        fresh.markUsed(position);
        update(user, fresh);
        card.setStatus(CodeCardStatus.ACTIVE);
        card.markUsed(position);
        return true;
    }

    /**
     * Marks the cell used on the stored card as it is now, so a concurrent change (another cell
     * used, the bank revoking) is merged rather than overwritten. False when the card is no longer active.
     */
    boolean markUsed(UserModel user, CodeCardCredentialModel card, int position) {
        CredentialModel stored = user.credentialManager().getStoredCredentialById(card.getId());
        CodeCardCredentialModel fresh = stored == null ? card : CodeCardCredentialModel.of(stored);
        if (fresh.status() != CodeCardStatus.ACTIVE) {
            return false;
        }
        fresh.markUsed(position);
        update(user, fresh);
        card.markUsed(position);
        return true;
    }

    private void update(UserModel user, CodeCardCredentialModel card) {
        card.setUserLabel(label(card));
        user.credentialManager().updateStoredCredential(card);
    }

    /**
     * What the account console shows for the card: serial ending, numbers left, state. Numbers and
     * symbols only, so it reads the same in every language the console may show.
     */
    static String label(CodeCardCredentialModel card) {
        String state = switch (card.status()) {
            case ACTIVE -> "✓";
            case ISSUED -> "…";
            case REVOKED, EXHAUSTED -> "✕";
        };
        return "••" + card.serialEnding() + " · " + card.unusedCount() + "/" + card.positions() + " " + state;
    }

    /** Whether this server seals new cards with a pepper held outside the database. */
    public boolean sealsWithPepper() {
        return peppers.configured();
    }
}
