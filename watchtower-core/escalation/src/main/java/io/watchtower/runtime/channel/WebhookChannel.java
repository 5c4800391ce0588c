package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic JSON webhook: the body is the notification's wire form (a schema v1 signal with its
 * {@code escalation} object). Headers: {@code Idempotency-Key} (the notification id — the signal
 * id for firing and resolved notifications — the same on every retry), {@code X-Watchtower-Signal-Id},
 * and, when a secret is configured, {@code X-Watchtower-Signature: sha256=<hex HMAC-SHA256 of the body>}.
 */
final class WebhookChannel implements SignalChannel {

    /** The signature header. */
    static final String SIGNATURE = "X-Watchtower-Signature";

    private final String name;
    private final URI url;
    private final byte[] secret;
    private final HttpPost http;

    WebhookChannel(String name, URI url, byte[] secret, Duration timeout) {
        this(name, url, secret, new HttpPost(timeout));
    }

    WebhookChannel(String name, URI url, byte[] secret, HttpPost http) {
        this.name = name;
        this.url = url;
        this.secret = secret;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Notification n) throws Exception {
        post(n.json(), n.id(), n.signal().id());
    }

    private void post(String body, String idempotencyKey, String signalId) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", idempotencyKey);
        headers.put("X-Watchtower-Signal-Id", signalId);
        if (secret != null) {
            headers.put(SIGNATURE, "sha256=" + sign(secret, body));
        }
        http.send(url, body, headers);
    }

    /**
     * @param secret the shared secret
     * @param body the exact body
     * @return the lower-case hex HMAC-SHA256
     */
    static String sign(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
