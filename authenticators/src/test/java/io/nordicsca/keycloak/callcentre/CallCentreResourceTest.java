package io.nordicsca.keycloak.callcentre;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a call ends: its answer, its refusal, or a server fault that rolls back and answers 503 without the fault's words. */
class CallCentreResourceTest {

    @Test
    void aRefusalIsItsOwnAnswerAndRollsNothingBack() {
        AtomicBoolean rolledBack = new AtomicBoolean();
        Response refused = CallCentreResource.answer(() -> rolledBack.set(true), () -> {
            throw CallCentreRequests.invalid("customer must be a non-empty string");
        });
        assertEquals(400, refused.getStatus());
        assertEquals("invalid_request", ((Map<?, ?>) refused.getEntity()).get("error"));
        assertFalse(rolledBack.get());

        Response accepted = CallCentreResource.answer(() -> rolledBack.set(true), () -> Response.accepted(Map.of("status", "sent")).build());
        assertEquals(202, accepted.getStatus());
        assertFalse(rolledBack.get());
    }

    @Test
    void aServerFaultIsRolledBackAndA503ServerErrorThatNeverEchoesTheFault() {
        AtomicBoolean rolledBack = new AtomicBoolean();
        List<LogRecord> logged = new ArrayList<>();
        Handler log = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(CallCentreResource.class.getName()); // the unit tests' JBoss Logging writes to the JDK's
        logger.addHandler(log);
        Response fault;
        try {
            fault = CallCentreResource.answer(() -> rolledBack.set(true), () -> {
                throw new IllegalStateException("no key for customer 19800101-1234");
            });
        } finally {
            logger.removeHandler(log);
        }
        assertEquals(1, logged.size(), "the fault is logged once");
        assertTrue(logged.get(0).getMessage().contains("java.lang.IllegalStateException"), logged.get(0).getMessage());
        assertFalse(logged.get(0).getMessage().contains("1980"), "the log names the class, never the message: " + logged.get(0).getMessage());
        assertEquals(null, logged.get(0).getThrown(), "nor the stack trace, whose first line is the message");
        assertTrue(rolledBack.get(), "the call's changes are rolled back");
        assertEquals(503, fault.getStatus());
        Map<?, ?> body = (Map<?, ?>) fault.getEntity();
        assertEquals("server_error", body.get("error"));
        assertFalse(body.toString().contains("1980"), body.toString());
    }
}
