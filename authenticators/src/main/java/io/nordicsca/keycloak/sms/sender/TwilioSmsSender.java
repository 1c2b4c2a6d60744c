package io.nordicsca.keycloak.sms.sender;

import java.net.http.HttpClient;
import java.util.function.UnaryOperator;

import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import io.nordicsca.keycloak.sms.SmsOutcome;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import org.jboss.logging.Logger;

/**
 * Sends through Twilio Programmable Messaging with twilio-java, never through its static
 * {@code Twilio.init} client: each send builds its own client from settings resolved for this
 * request (the realm's vault), on one shared JDK HTTP client.
 */
final class TwilioSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(TwilioSmsSender.class);

    private final TwilioSettings settings;
    private final UnaryOperator<String> secrets;
    private final HttpClient http;

    /** @param secrets resolves a configured value that may be a vault reference */
    TwilioSmsSender(TwilioSettings settings, UnaryOperator<String> secrets, HttpClient http) {
        this.settings = settings;
        this.secrets = secrets;
        this.http = http;
    }

    @Override
    public SmsOutcome send(String to, String text) {
        String missing = settings.missing();
        if (missing != null) {
            LOG.warnf("Twilio SMS sender is not configured: %s is missing", missing);
            return SmsOutcome.MISCONFIGURED;
        }
        String accountSid = secrets.apply(settings.accountSid());
        boolean apiKey = settings.apiKeySid() != null;
        String username = apiKey ? secrets.apply(settings.apiKeySid()) : accountSid;
        String password = secrets.apply(apiKey ? settings.apiKeySecret() : settings.authToken());
        if (accountSid == null || username == null || password == null) {
            LOG.warn("Twilio SMS sender: a vault reference in its settings did not resolve");
            return SmsOutcome.MISCONFIGURED;
        }
        TwilioHttpClient transport = new TwilioHttpClient(http, settings.apiBaseUrl(), settings.timeout());
        TwilioRestClient client = new TwilioRestClient.Builder(username, password)
                .accountSid(accountSid).httpClient(transport).build();
        MessageCreator creator = settings.messagingServiceSid() != null
                ? Message.creator(new PhoneNumber(to), settings.messagingServiceSid(), text)
                : Message.creator(new PhoneNumber(to), new PhoneNumber(settings.fromNumber()), text);
        try {
            creator.create(client);
            return SmsOutcome.SENT;
        } catch (ApiConnectionException e) {
            SmsOutcome outcome = e.getCause() instanceof TwilioHttpClient.TimedOut ? SmsOutcome.TIMEOUT : SmsOutcome.PROVIDER_UNAVAILABLE;
            LOG.warnf("SMS to %s not sent: no answer from Twilio (%s)", PhoneNumbers.mask(to), outcome);
            return outcome;
        } catch (ApiException e) {
            // Only the masked number and Twilio's code: Twilio's own message may quote the number.
            SmsOutcome outcome = TwilioErrors.outcome(e.getCode(), transport.lastStatus());
            LOG.warnf("SMS to %s not sent: Twilio answered HTTP %d, error %s (%s)", PhoneNumbers.mask(to), transport.lastStatus(), e.getCode(), outcome);
            return outcome;
        } catch (RuntimeException e) {
            // An answer twilio-java cannot read (e.g. a proxy's HTML error page).
            SmsOutcome outcome = TwilioErrors.outcome(null, transport.lastStatus());
            LOG.warnf("SMS to %s not sent: unreadable answer from Twilio, HTTP %d (%s)", PhoneNumbers.mask(to), transport.lastStatus(), outcome);
            return outcome;
        }
    }
}
