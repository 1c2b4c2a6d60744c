package io.nordicsca.keycloak.app.push;

import io.nordicsca.keycloak.OutboundHttp;
import org.keycloak.provider.ProviderFactory;

public interface PushSenderFactory extends ProviderFactory<PushSender> {

    /**
     * {@code timeout-ms} of the senders that call out (fcm, webhook): short, because the push goes
     * out after the sign-in's commit, on the customer's wait, and the app can poll instead.
     */
    OutboundHttp.Timeout TIMEOUT = new OutboundHttp.Timeout(200, 10_000, 3000);
}
