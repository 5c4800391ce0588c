package io.watchtower.launcher;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.channel.ChannelFactory;
import io.watchtower.runtime.channel.SignalChannel;
import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.SignalSchema;
import io.watchtower.testkit.fixture.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis Stream channel against a real redis-server: XADD with an approximate MAXLEN cap, reconnects. */
class RedisStreamChannelTest {

    @Test
    void eachNotificationIsOneCappedStreamEntryAndTheChannelReconnects() throws Exception {
        try (RedisServer redis = RedisServer.builder().start()) {
            redis.cli("CONFIG", "SET", "stream-node-max-entries", "5");
            SignalChannel channel = ChannelFactory.create(new ChannelConfig("stream", "redis-stream",
                    ConfigFactory.parseString("type = redis-stream, url = \"" + redis.uri() + "/0\", stream = wt, "
                            + "max-length = 10"), "t"), TowerClock.system(), ChannelSignals.defaultEscalation(), "");
            Instant since = Instant.parse("2026-01-10T20:02:10Z");
            Notification last = null;
            for (int i = 0; i < 50; i++) {
                Signal s = ChannelSignals.signal("h", "c" + i, "depth", "firing", "high", since, since);
                last = ChannelSignals.notification(s);
                channel.deliver(last);
            }
            long length = Long.parseLong(redis.cli("XLEN", "wt").replaceAll("\\D", ""));
            assertThat(length).as("MAXLEN ~ 10 trims whole nodes of 5").isBetween(10L, 15L);
            String entry = redis.cli("--raw", "XREVRANGE", "wt", "+", "-", "COUNT", "1");
            assertThat(entry).contains("id", last.id(), "fingerprint", last.signal().fingerprint(), "component", "c49",
                    "reason", "firing");
            String json = entry.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
            SignalSchema.assertValid(json);

            redis.stop();
            Notification during = last;
            assertThatThrownBy(() -> channel.deliver(during)).isInstanceOf(IOException.class);
            redis.start();
            channel.deliver(last);
            assertThat(redis.cli("XLEN", "wt")).contains("1");
            channel.close();
        }
    }

    /**
     * A wrong password is reported as the server's refusal on every delivery, never as an
     * unreachable server: Lettuce can lose the refusal to the channel's close during the handshake,
     * and the channel then tries again (io.watchtower.net.LettuceHandshake).
     */
    @Test
    void aWrongPasswordIsReportedAsTheRefusalOnEveryDelivery(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.builder().start()) {
            Path password = dir.resolve("redis.password");
            Files.writeString(password, "not-the-secret\n");
            redis.cli("CONFIG", "SET", "requirepass", "the-secret");
            SignalChannel channel = ChannelFactory.create(new ChannelConfig("stream", "redis-stream",
                    ConfigFactory.parseString("type = redis-stream, url = \"" + redis.uri() + "/0\", stream = wt, "
                            + "password-file = \"" + password + "\""), "t"), TowerClock.system(),
                    ChannelSignals.defaultEscalation(), "");
            Instant since = Instant.parse("2026-01-10T20:02:10Z");
            Notification n = ChannelSignals.notification(ChannelSignals.signal("h", "c", "depth", "firing", "high",
                    since, since));
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> channel.deliver(n)).as("delivery %d", i).isInstanceOf(IOException.class)
                        .hasMessageContaining("Redis 127.0.0.1:" + redis.port() + " refused the connection: WRONGPASS")
                        .hasMessageContaining(password.toString()).hasMessageNotContaining("not-the-secret");
            }
            channel.close();
        }
    }
}
