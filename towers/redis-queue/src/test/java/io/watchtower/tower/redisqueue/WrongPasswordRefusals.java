package io.watchtower.tower.redisqueue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.watchtower.net.LettuceResources;
import io.watchtower.testkit.fixture.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts how often a connection with a wrong password is told apart as a refusal: Lettuce alone
 * (one attempt, as the connector made before {@link io.watchtower.net.LettuceHandshake#ATTEMPTS}) and the
 * tower's {@link RedisConnector}. A measurement, not a test of behaviour (the share Lettuce gets
 * wrong grows with the machine's load): run with {@code -Drefusal.count=N}; it prints its figures.
 */
@EnabledIfSystemProperty(named = "refusal.count", matches = "[0-9]+")
class WrongPasswordRefusals {

    @Test
    void count() throws Exception {
        int n = Integer.parseInt(System.getProperty("refusal.count"));
        try (RedisServer redis = RedisServer.builder().start()) {
            RedisClient admin = RedisClient.create(redis.uri());
            try (var c = admin.connect()) {
                RedisQueueTowerTest.allowTower(c.sync());
            } finally {
                admin.shutdown();
            }
            Map<String, Integer> lettuce = new TreeMap<>();
            RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(redis.port())
                    .withAuthentication("watchtower", "not-the-secret".toCharArray()).withClientName("watchtower")
                    .withTimeout(Duration.ofSeconds(10)).build();
            RedisClient raw = RedisClient.create(LettuceResources.shared());
            raw.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).autoReconnect(false).build());
            try {
                for (int i = 0; i < n; i++) {
                    try {
                        raw.connectAsync(StringCodec.UTF8, uri).get(10, TimeUnit.SECONDS).close();
                        lettuce.merge("connected", 1, Integer::sum);
                    } catch (ExecutionException e) {
                        lettuce.merge(refusal(e) ? "refusal" : ServerWatch.describe(e), 1, Integer::sum);
                    }
                }
            } finally {
                raw.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            Map<String, Integer> connector = new TreeMap<>();
            try (RedisConnector tower = new RedisConnector(new HostPort("127.0.0.1", redis.port()), "watchtower",
                    "not-the-secret", 0, null, Duration.ofSeconds(10))) {
                for (int i = 0; i < n; i++) {
                    try {
                        tower.connect(Duration.ofSeconds(10)).close();
                        connector.merge("connected", 1, Integer::sum);
                    } catch (RedisRefusal e) {
                        connector.merge("refusal", 1, Integer::sum);
                    } catch (IOException e) {
                        connector.merge(e.getMessage(), 1, Integer::sum);
                    }
                }
            }
            System.out.printf("wrong password, %d connections each (load average %s)%n", n,
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
            System.out.println("  Lettuce, one attempt: " + lettuce);
            System.out.println("  RedisConnector:       " + connector);
            assertThat(connector.getOrDefault("refusal", 0) + lettuce.getOrDefault("refusal", 0)).isPositive();
        }
    }

    private static boolean refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                return true;
            }
        }
        return false;
    }
}
