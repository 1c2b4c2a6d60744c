package io.nordicsca.demoweb;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar nordic-sca-demo-web-*.jar [--issuer=URL] [--client-id=ID] [--port=N]}: the demo
 * bank's web app, until the process is stopped.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Config config;
        try {
            config = Config.fromArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DemoWebApp app = DemoWebApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-web-stop"));
        System.out.println("Demo web app on " + app.url() + " (OIDC client " + config.clientId() + " of " + config.issuer() + ")");
        new CountDownLatch(1).await();
    }
}
