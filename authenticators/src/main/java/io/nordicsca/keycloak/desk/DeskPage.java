package io.nordicsca.keycloak.desk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

/**
 * The desk page for bank staff, at {@code /realms/{admin realm}/nordic-sca-desk/}: static HTML and
 * JavaScript that hold no data and no secret. The script signs in the way the admin console does
 * (the admin realm's {@code security-admin-console} client, authorization code with PKCE, no
 * prompt: the admin console's own sign-in session) and then calls {@code nordic-sca-lockout} and
 * {@code nordic-sca-code-cards} with that token, so Keycloak checks every call as it checks the
 * admin console's. Its texts are the admin console's: the admin theme's bundles (ours come from
 * {@code theme-resources/messages}) in the admin's language.
 */
public class DeskPage {

    /** Message keys the page may read; nothing else of the admin bundles is served. */
    static final String TEXT_PREFIX = "nordicScaDesk.";
    static final Set<String> LOCALES = Set.of("en", "sv", "fi", "nb", "nn", "da");
    private static final Map<String, String> FILES = Map.of(
            "desk.js", "application/javascript; charset=utf-8",
            "desk.css", "text/css; charset=utf-8");
    /** Scripts, styles and calls from this server only; the page is never framed. Inline styles: the printed card's. */
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final KeycloakSession session;

    DeskPage(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Response page() {
        var uri = session.getContext().getUri();
        if (!uri.getRequestUri().getPath().endsWith("/")) {
            // The page's own files are relative to it.
            return Response.status(Response.Status.FOUND).location(UriBuilder.fromUri(uri.getRequestUri()).path("/").build()).build();
        }
        return file("desk.html", "text/html; charset=utf-8").header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("{file: desk\\.(js|css)}")
    public Response asset(@PathParam("file") String name) {
        return file(name, FILES.get(name)).header("Cache-Control", "no-cache").build();
    }

    /** The page's texts in one of the six languages (English otherwise), as the admin theme has them. */
    @GET
    @Path("texts")
    public Response texts(@QueryParam("locale") String tag) {
        String language = tag != null && LOCALES.contains(tag) ? tag : "en";
        Properties messages;
        try {
            messages = session.theme().getTheme(Theme.Type.ADMIN)
                    .getEnhancedMessages(session.getContext().getRealm(), Locale.forLanguageTag(language));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> texts = new TreeMap<>();
        messages.stringPropertyNames().stream().filter(key -> key.startsWith(TEXT_PREFIX))
                .forEach(key -> texts.put(key, messages.getProperty(key)));
        return Response.ok(texts, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-cache").build();
    }

    private static Response.ResponseBuilder file(String name, String type) {
        InputStream in = DeskPage.class.getResourceAsStream("/nordic-sca-desk/" + name);
        if (in == null) {
            throw new NotFoundException();
        }
        try (in) {
            return Response.ok(in.readAllBytes(), type)
                    .header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
