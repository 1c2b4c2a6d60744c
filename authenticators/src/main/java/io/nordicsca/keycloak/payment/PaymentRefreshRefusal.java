package io.nordicsca.keycloak.payment;

import java.util.List;

import org.keycloak.OAuthErrorException;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.representations.RefreshToken;

/**
 * A payment is approved once. Keycloak 26.7 copies the {@code authorization_details} of a refresh token
 * into every access token it refreshes, without asking any processor
 * ({@code AbstractRefreshTokenProvider}); so a refresh token from a payment sign-in would keep minting
 * fresh tokens that carry the approved payment for as long as the session lives. This provider takes
 * exactly those refresh requests (Keycloak asks the providers in descending {@code order}, the first
 * that supports the request answers) and refuses them with {@code invalid_grant}: the relying party
 * gets one access token per approval, and asks the customer again for the next payment. Refresh
 * tokens without a payment go to Keycloak's own provider unchanged.
 */
public class PaymentRefreshRefusal implements RefreshTokenProvider {

    /** The OAuth error_description of a refused refresh. */
    public static final String DESCRIPTION = "a payment_initiation is approved once: its tokens are not refreshed, ask the customer again";

    /** The first refresh token of a sign-in is Keycloak's to make. */
    @Override
    public boolean supports(InitialRefreshTokenContext context) {
        return false;
    }

    @Override
    public RefreshToken generateRefreshToken(InitialRefreshTokenContext context) {
        throw new IllegalStateException("not asked: supports(InitialRefreshTokenContext) is false");
    }

    @Override
    public boolean supports(RefreshTokenContext context) {
        return carriesPayment(context.oldRefreshToken());
    }

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext context) throws OAuthErrorException {
        throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, DESCRIPTION);
    }

    static boolean carriesPayment(RefreshToken token) {
        List<AuthorizationDetailsJSONRepresentation> details = token == null ? null : token.getAuthorizationDetails();
        return details != null && details.stream().anyMatch(detail -> detail != null && Payment.TYPE.equals(detail.getType()));
    }
}
