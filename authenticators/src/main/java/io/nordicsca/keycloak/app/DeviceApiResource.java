package io.nordicsca.keycloak.app;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Supplier;

import io.nordicsca.keycloak.JsonErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The device API at {@code /realms/{realm}/nordic-sca-device} (docs/device-api.yaml): enrollment
 * with proof of possession, then calls signed by the device key. This class only maps URLs to the
 * three steps of a call: its body parsed once ({@link DeviceRequests}), the signed call verified
 * ({@link DeviceCalls}), the request carried out ({@link DeviceAnswers}). Every malformed or refused
 * request gets a 4xx JSON error ({@link DeviceRefusal}) and, where it concerns a customer, an event;
 * never a 500.
 */
public class DeviceApiResource {

    /** What a waiting page beyond the caps is told; its script asks again after this. */
    static final int RETRY_AFTER_SECONDS = 3;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final WaitingBrowsers waiting;
    private final DeviceCalls calls;
    private final DeviceAnswers answers;

    DeviceApiResource(KeycloakSession session, WaitingBrowsers waiting) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.waiting = waiting;
        this.calls = new DeviceCalls(session);
        this.answers = new DeviceAnswers(session, waiting, calls);
    }

    @POST
    @Path("enroll")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response enroll(InputStream body) {
        return answer(() -> answers.enroll(DeviceRequests.Enroll.parse(DeviceCalls.read(body))));
    }

    @POST
    @Path("challenges/pending")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pending(InputStream body) {
        return answer(() -> answers.pending(calls.verify(body, "challenges/pending", DeviceCalls.Need.USABLE)));
    }

    @POST
    @Path("challenges/answer")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response answerChallenge(InputStream body) {
        return answer(() -> {
            DeviceCalls.SignedCall call = calls.verify(body, "challenges/answer", DeviceCalls.Need.USABLE);
            return answers.answer(call, DeviceRequests.Answer.of(call.jws()));
        });
    }

    @POST
    @Path("rotate-key")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateKey(InputStream body) {
        return answer(() -> {
            DeviceCalls.SignedCall call = calls.verify(body, "rotate-key", DeviceCalls.Need.ENROLLED);
            return answers.rotateKey(call, DeviceRequests.RotateKey.of(call.jws()));
        });
    }

    @POST
    @Path("activations/cancel")
    @Consumes("application/jose")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancelActivation(InputStream body) {
        return answer(() -> {
            DeviceCalls.SignedCall call = calls.verify(body, "activations/cancel", DeviceCalls.Need.USABLE);
            return answers.cancelActivation(call, DeviceRequests.CancelActivation.of(call.jws()));
        });
    }

    /**
     * The waiting browser page's long poll; the key proves it is that page. Parked without a thread
     * until the answer is announced, the challenge expires or the longest wait passes
     * ({@link WaitingBrowsers}); a page beyond the caps is told at once to ask again later.
     */
    @GET
    @Path("challenges/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public void status(@PathParam("id") String id, @QueryParam("key") String key, @Suspended AsyncResponse response,
                       @Context RoutingContext connection) {
        ApprovalChallenge challenge = Challenges.get(session.singleUseObjects(), id);
        if (challenge == null || key == null || !challenge.realmId().equals(realm.getId())
                || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), challenge.browserKey().getBytes(StandardCharsets.UTF_8))) {
            response.resume(JsonErrors.response(404, "unknown_challenge", "no such challenge"));
            return;
        }
        String now = WaitingBrowsers.status(session.singleUseObjects(), id, challenge.expiresAt());
        if (!WaitingBrowsers.PENDING.equals(now)) {
            response.resume(statusResponse(now));
            return;
        }
        WaitingBrowsers.Waiter waiter = waiting.park(id, challenge.expiresAt());
        if (waiter == null) {
            response.resume(Response.fromResponse(JsonErrors.response(429, "too_many_waiting",
                            "too many pages wait for this sign-in or this server; ask again later"))
                    .header("Retry-After", RETRY_AFTER_SECONDS).header("Cache-Control", "no-store").build());
            return;
        }
        // JAX-RS ConnectionCallback is never called by Keycloak 26.7's RESTEasy Reactive; Vert.x tells us.
        connection.addEndHandler(ended -> waiter.left());
        waiter.result().thenAccept(status -> response.resume(statusResponse(status)));
        // An answer announced between the read above and parking would be heard only by the safety net.
        String meanwhile = WaitingBrowsers.status(session.singleUseObjects(), id, challenge.expiresAt());
        if (!WaitingBrowsers.PENDING.equals(meanwhile)) {
            waiter.finish(meanwhile);
        }
    }

    private static Response statusResponse(String status) {
        return Response.ok(Map.of("status", status)).header("Cache-Control", "no-store").type(MediaType.APPLICATION_JSON).build();
    }

    /** Every refusal becomes its JSON error (4xx); an unexpected error rolls the call back ({@link DeviceRefusal#of}). */
    private Response answer(Supplier<Response> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return DeviceRefusal.of(session, e).response();
        }
    }
}
