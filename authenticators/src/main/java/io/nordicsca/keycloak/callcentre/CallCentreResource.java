package io.nordicsca.keycloak.callcentre;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.nordicsca.keycloak.JsonErrors;
import io.nordicsca.keycloak.SeparateEvents;
import io.nordicsca.keycloak.app.CibaRequests;
import io.nordicsca.keycloak.sms.KeypadCodes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The call-centre API at {@code /realms/{realm}/nordic-sca-call-centre} (docs/call-centre.md), for a
 * call-centre system ({@link CallCentreCaller}: 401 without a valid token, 403 for anyone else):
 *
 * <ul>
 * <li>{@code POST keypad-codes} {@code {"customer": "..."}}: an SMS code to the customer's number on
 *     file ({@link KeypadCodes#send}). Always 202 {@code {"status":"sent","requestId","expiresIn"}}, for an
 *     unknown, disabled or locked customer and one without a usable number too (then no SMS goes out),
 *     so the answer never tells whether the name is a customer's. The one exception is the count of
 *     codes for the name given, kept for every name alike: 429 {@code too_many_codes} with
 *     {@code retryAfter} (seconds) when it is full. A customer's own limits (the SMS step's per customer,
 *     per number, per realm) are recorded in the event and answered with 202.</li>
 * <li>{@code POST keypad-codes/{requestId}/check} {@code {"code": "..."}}: {@code confirmed} with the
 *     customer, {@code wrong} with the checks left, or {@code expired} (expired, used up, unknown or
 *     another client's request). Wrong codes count towards the customer's SMS lock as in a sign-in.</li>
 * <li>{@code POST ciba/event-id}, form {@code auth_req_id}: the event ID of the caller's own CIBA
 *     request when we made it (the caller gave no {@code binding_message}); 404 otherwise.</li>
 * </ul>
 * Every answer is JSON and not cached; input nobody foresaw is a 400, a fault of the server a 503
 * {@code server_error} (rolled back), never a 500.
 */
public class CallCentreResource {

    private static final Logger LOG = Logger.getLogger(CallCentreResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    CallCentreResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Path("keypad-codes")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sendKeypadCode(InputStream body) {
        return answer(() -> {
            CallCentreCaller caller = CallCentreCaller.of(session);
            String hint = CallCentreRequests.customer(body);
            Optional<UserModel> customer = CustomerLookup.find(session, realm, hint);
            EventBuilder event = event(caller);
            customer.ifPresent(found -> event.detail(CallCentreEvents.LOOKUP, CustomerLookup.how(found, hint)));
            KeypadCodes.Sent sent = KeypadCodes.send(session, caller.client(), customer.orElse(null),
                    CallCentreRequests.hintKey(session, realm, hint), event);
            if (sent.tooMany()) {
                return Response.fromResponse(JsonErrors.response(429, "too_many_codes",
                                "too many codes were asked for this customer name; ask again after retryAfter seconds",
                                Map.of("retryAfter", sent.retryAfter())))
                        .header("Retry-After", sent.retryAfter()).build();
            }
            if (customer.isEmpty()) {
                event.clone().detail(KeypadCodes.REQUEST, sent.requestId()).error(CallCentreEvents.CUSTOMER_NOT_FOUND);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "sent");
            answer.put("requestId", sent.requestId());
            answer.put("expiresIn", sent.expiresIn());
            return Response.status(Response.Status.ACCEPTED).entity(answer).build();
        });
    }

    @POST
    @Path("keypad-codes/{requestId}/check")
    @Produces(MediaType.APPLICATION_JSON)
    public Response checkKeypadCode(@PathParam("requestId") String requestId, InputStream body) {
        return answer(() -> {
            CallCentreCaller caller = CallCentreCaller.of(session);
            String code = CallCentreRequests.code(body);
            KeypadCodes.Checked checked = KeypadCodes.check(session, caller.client(), requestId, code, event(caller));
            return switch (checked.result()) {
                case CONFIRMED -> Response.ok(Map.of("result", "confirmed", "customer", customer(checked.customer()))).build();
                case WRONG -> Response.ok(Map.of("result", "wrong", "attemptsLeft", checked.attemptsLeft())).build();
                case EXPIRED -> Response.ok(Map.of("result", "expired")).build();
                case MALFORMED -> throw CallCentreRequests.invalid("code must be " + checked.digits() + " digits");
            };
        });
    }

    @POST
    @Path("ciba/event-id")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cibaEventId() {
        return answer(() -> {
            CallCentreCaller caller = CallCentreCaller.of(session);
            String authReqId = session.getContext().getHttpRequest().getDecodedFormParameters().getFirst("auth_req_id");
            if (authReqId == null || authReqId.isBlank() || authReqId.length() > 4096) {
                throw CallCentreRequests.invalid("auth_req_id (form parameter) is required");
            }
            return CibaRequests.eventId(session, caller.client(), authReqId)
                    .map(eventId -> Response.ok(Map.of("eventId", eventId)).build())
                    .orElseGet(() -> JsonErrors.response(404, "unknown_request", "no CIBA request of this client with an event ID made by the bank"));
        });
    }

    /** Who was identified, as the caller's system shows the agent. */
    static Map<String, Object> customer(UserModel user) {
        String name = String.join(" ", user.getFirstName() == null ? "" : user.getFirstName(),
                user.getLastName() == null ? "" : user.getLastName()).strip();
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("sub", user.getId());
        customer.put("username", user.getUsername());
        customer.put("name", name.isEmpty() ? user.getUsername() : name);
        return customer;
    }

    private EventBuilder event(CallCentreCaller caller) {
        return SeparateEvents.builder(session, realm, session.getContext().getConnection()).event(EventType.LOGIN_ERROR).client(caller.client());
    }

    /**
     * Runs a call: refusals are their JSON errors. Anything else is the server's fault, not the caller's:
     * the call's changes are rolled back and the answer is 503 {@code server_error}, to try again later.
     * The log names only the exception's class: its message may echo the body, which names a customer.
     */
    private Response answer(Supplier<Response> call) {
        return noStore(answer(() -> session.getTransactionManager().setRollbackOnly(), call));
    }

    static Response answer(Runnable rollBack, Supplier<Response> call) {
        try {
            return call.get();
        } catch (WebApplicationException refused) {
            return refused.getResponse();
        } catch (RuntimeException fault) {
            rollBack.run();
            LOG.warnf("Call-centre API request failed on the server (%s); its changes are rolled back", fault.getClass().getName());
            return JsonErrors.response(Response.Status.SERVICE_UNAVAILABLE, "server_error", "the request could not be processed now; try again later");
        }
    }

    private static Response noStore(Response response) {
        return Response.fromResponse(response).header("Cache-Control", "no-store").type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
