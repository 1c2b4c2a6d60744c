package io.nordicsca.demoweb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What this app uses from the realm's discovery document (OpenID Connect Discovery 1.0, RFC 9126 §5,
 * CIBA Core 1.0 §4: {@code backchannel_authentication_endpoint}, null when the realm offers no CIBA).
 */
record ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                        String pushedAuthorizationRequestEndpoint, String endSessionEndpoint,
                        String backchannelAuthenticationEndpoint) {

    static ProviderMetadata parse(String json) {
        JsonNode document = Json.parseObject(json);
        ProviderMetadata metadata = new ProviderMetadata(Json.textOrNull(document, "issuer"),
                Json.textOrNull(document, "authorization_endpoint"), Json.textOrNull(document, "token_endpoint"),
                Json.textOrNull(document, "jwks_uri"), Json.textOrNull(document, "pushed_authorization_request_endpoint"),
                Json.textOrNull(document, "end_session_endpoint"), Json.textOrNull(document, "backchannel_authentication_endpoint"));
        if (metadata.issuer == null || metadata.authorizationEndpoint == null || metadata.tokenEndpoint == null
                || metadata.jwksUri == null || metadata.pushedAuthorizationRequestEndpoint == null) {
            throw new IllegalArgumentException("The discovery document lacks an endpoint this app needs");
        }
        return metadata;
    }
}
