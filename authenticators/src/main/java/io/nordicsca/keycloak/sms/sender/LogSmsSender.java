package io.nordicsca.keycloak.sms.sender;

import io.nordicsca.keycloak.secondfactor.PhoneNumbers;
import io.nordicsca.keycloak.sms.SmsOutcome;
import org.jboss.logging.Logger;

/** The demo's sender: the SMS goes to the server log ("SMS to +46•••••12: ..."), nowhere else. */
final class LogSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LogSmsSender.class);

    @Override
    public SmsOutcome send(String to, String text) {
        LOG.infof("SMS to %s: %s", PhoneNumbers.mask(to), text);
        return SmsOutcome.SENT;
    }
}
