package io.watchtower.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.Await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven through chromedriver's W3C WebDriver HTTP API (spoken with the
 * JDK's HttpClient): one browser per instance, with a fresh profile, showing pages in a viewport
 * of an exact size — also narrower than the 500 px a headless window can be, which is how a phone
 * is emulated.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Process driver;
    private final URI base;
    private final String session;

    /**
     * Starts chromedriver and a browser whose viewport is {@code width}×{@code height} CSS pixels.
     *
     * @param dir where the profile and the driver's log go
     * @param width viewport width
     * @param height viewport height
     * @param phone whether to emulate a phone (the page's viewport meta tag applies, touch)
     * @throws AssertionError when Chromium or chromedriver is not installed, saying how to install them
     */
    HeadlessChromium(Path dir, int width, int height, boolean phone) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("headless Chromium and chromedriver are needed at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install chromium chromium-driver (or run .ci/install-test-deps.sh as root)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile(dir, "chromedriver", ".log");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        try {
            Await.until("chromedriver answers ready", Duration.ofSeconds(20), () -> {
                if (!driver.isAlive()) {
                    throw new AssertionError("chromedriver exited with " + driver.exitValue());
                }
                try {
                    return send("GET", "/status", null).path("value").path("ready").asBoolean();
                } catch (IOException e) {
                    return false; // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } catch (AssertionError e) {
            driver.destroyForcibly();
            throw new AssertionError("chromedriver did not become ready (" + e.getMessage() + "): "
                    + Files.readString(log), e);
        }
        ObjectNode caps = SignalJson.mapper().createObjectNode();
        ObjectNode options = caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                .putObject("goog:chromeOptions").put("binary", CHROMIUM.toString());
        List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"))
                .forEach(options.putArray("args")::add);
        options.putObject("mobileEmulation").putObject("deviceMetrics").put("width", width).put("height", height)
                .put("pixelRatio", 1.0).put("mobile", phone).put("touch", phone);
        JsonNode created = send("POST", "/session", caps);
        String id = created.path("value").path("sessionId").asText("");
        if (id.isEmpty()) {
            driver.destroyForcibly();
            throw new AssertionError("chromedriver made no session: " + created);
        }
        session = "/session/" + id;
    }

    /** Opens {@code url} and waits until it has loaded. */
    void open(String url) throws IOException, InterruptedException {
        ObjectNode body = SignalJson.mapper().createObjectNode().put("url", url);
        send("POST", session + "/url", body);
    }

    /**
     * Runs a script in the page.
     *
     * @param script a function body; what it returns comes back as JSON
     * @return its result
     */
    JsonNode run(String script) throws IOException, InterruptedException {
        ObjectNode body = SignalJson.mapper().createObjectNode().put("script", script);
        body.putArray("args");
        return send("POST", session + "/execute/sync", body).path("value");
    }

    /** Saves what the viewport shows to {@code png}. */
    void screenshot(Path png) throws IOException, InterruptedException {
        String data = send("GET", session + "/screenshot", null).path("value").asText();
        Files.write(png, Base64.getDecoder().decode(data));
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = SignalJson.mapper().readTree(response.body());
        if (response.statusCode() != 200) {
            throw new AssertionError("chromedriver answered " + response.statusCode() + " to " + method + " " + path
                    + ": " + answer.path("value").path("message").asText(response.body()));
        }
        return answer;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("DELETE", session, null);
        } catch (IOException | AssertionError e) {
            // the driver is stopped below in any case
        }
        driver.destroy();
        if (!driver.waitFor(10, TimeUnit.SECONDS)) {
            driver.destroyForcibly();
        }
    }
}
