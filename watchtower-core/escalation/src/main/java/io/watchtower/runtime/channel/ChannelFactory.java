package io.watchtower.runtime.channel;

import com.typesafe.config.Config;
import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.config.EscalationConfig;
import io.watchtower.runtime.config.TlsBlock;
import io.watchtower.net.LettuceTls;
import io.watchtower.net.TlsSettings;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the channel a configuration block describes. */
public final class ChannelFactory {

    private ChannelFactory() {
    }

    /**
     * @param config a validated channel block
     * @param clock the clock
     * @param escalation escalation and delivery settings
     * @param statusUrl the status page
     * @return the channel
     */
    public static SignalChannel create(ChannelConfig config, TowerClock clock, EscalationConfig escalation,
                                       String statusUrl) {
        Config c = config.settings();
        TlsSettings tls = tls(config);
        switch (config.type()) {
            case "console":
                return new ConsoleChannel(config.name(), System.out);
            case "file":
                return new FileChannel(config.name(), Path.of(c.getString("path")));
            case "alertmanager":
                return new AlertmanagerChannel(config.name(), URI.create(c.getString("url")), statusUrl,
                        escalation.repeatInterval().multipliedBy(2), clock, new HttpPost(escalation.timeout(), tls));
            case "slack":
                return new SlackChannel(config.name(), URI.create(secretOrValue(c, "url")), statusUrl,
                        new HttpPost(escalation.timeout(), tls));
            case "webhook":
                return new WebhookChannel(config.name(), URI.create(c.getString("url")),
                        c.hasPath("secret-file") ? secret(Path.of(c.getString("secret-file"))) : null,
                        new HttpPost(escalation.timeout(), tls));
            case "redis-stream":
                return new RedisStreamChannel(config.name(), URI.create(c.getString("url")),
                        c.hasPath("password-file") ? Path.of(c.getString("password-file")) : null,
                        c.hasPath("stream") ? c.getString("stream") : "watchtower:signals",
                        c.hasPath("max-length") ? c.getLong("max-length") : 100_000, escalation.timeout(),
                        tls == null ? null : new LettuceTls(tls));
            default:
                throw new IllegalArgumentException("unknown channel type " + config.type());
        }
    }

    /**
     * @param config a validated channel block
     * @return its {@code tls} block, read as every TLS client of the daemon reads it, or null
     */
    private static TlsSettings tls(ChannelConfig config) {
        return TlsBlock.read(config.settings(), config.path(), null).orElse(null);
    }

    private static String secretOrValue(Config c, String key) {
        if (c.hasPath(key + "-file")) {
            return new String(secret(Path.of(c.getString(key + "-file"))), java.nio.charset.StandardCharsets.UTF_8);
        }
        return c.getString(key);
    }

    private static byte[] secret(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8).strip()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }
}
