import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demo only: gives the demo user an active code card through the bank's admin endpoint, the
 * first time the demo starts, and writes its values to a file that demo.sh prints. A real bank
 * prints the card and mails it; nobody keeps the codes. The demo user is also asked to activate
 * the bank's app at the next sign-in (after the card), which the companion app can do.
 *
 * Run by demo.sh with the JDK's single-file launcher:
 *   java demo/DemoCodeCard.java BASE_URL ADMIN_USER ADMIN_PASSWORD REALM USERNAME OUT_FILE
 */
public class DemoCodeCard {

    public static void main(String[] args) throws Exception {
        String base = args[0], adminUser = args[1], adminPassword = args[2], realm = args[3], username = args[4];
        Path out = Path.of(args[5]);
        HttpClient http = HttpClient.newHttpClient();

        String token = field(send(http, HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + encode(adminUser) + "&password=" + encode(adminPassword)))), "access_token");
        String users = send(http, HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm + "/users?exact=true&username=" + encode(username)))
                .header("Authorization", "Bearer " + token).GET());
        String userId = field(users, "id");
        String desk = base + "/admin/realms/" + realm + "/nordic-sca-code-cards/users/" + userId;

        String cards = send(http, HttpRequest.newBuilder(URI.create(desk)).header("Authorization", "Bearer " + token).GET());
        Matcher active = Pattern.compile("\"serial\":\"([^\"]+)\",\"status\":\"ACTIVE\"").matcher(cards);
        if (active.find() && Files.exists(out) && Files.readString(out).contains(active.group(1))) {
            return; // the card this file shows is still the active one
        }
        String issued = send(http, HttpRequest.newBuilder(URI.create(desk))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"activated\":true}")));

        Map<Integer, String> codes = new TreeMap<>();
        Matcher code = Pattern.compile("\"(\\d+)\":\"(\\d+)\"").matcher(issued.substring(issued.indexOf("\"codes\"")));
        while (code.find()) {
            codes.put(Integer.parseInt(code.group(1)), code.group(2));
        }
        StringBuilder card = new StringBuilder("Code card " + field(issued, "serial") + " of user " + username + " (demo only)\n");
        int columns = 5, rows = (codes.size() + columns - 1) / columns;
        for (int row = 1; row <= rows; row++) {
            for (int column = 0; column < columns; column++) {
                int position = column * rows + row;
                if (codes.containsKey(position)) {
                    card.append(String.format("  %3d: %s", position, codes.get(position)));
                }
            }
            card.append('\n');
        }
        Files.writeString(out, card.toString());

        // With the new card, the next sign-in offers to activate the bank's app (the companion app plays the phone).
        String userUrl = base + "/admin/realms/" + realm + "/users/" + userId;
        String user = send(http, HttpRequest.newBuilder(URI.create(userUrl)).header("Authorization", "Bearer " + token).GET());
        send(http, HttpRequest.newBuilder(URI.create(userUrl)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(user.replaceFirst("\"requiredActions\":\\[[^\\]]*]",
                        "\"requiredActions\":[\"nordic-sca-enroll-app\"]"))));
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
