package com.example.watchtower.banner;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Connects to each target, reads the first line and hangs up without sending a byte: it never
 * changes what it watches. Each target gets an even share of the time left before the probe's
 * deadline ({@link Observations#deadline()}), or {@code read-timeout} if that is shorter; the core's
 * clock measures.
 */
final class BannerTower implements Tower {

    private static final int MAX_BANNER_BYTES = 512;
    private static final int MAX_BANNER_CHARS = 120;

    private final List<BannerTowerFactory.Target> targets;
    private final Optional<String> expectedPrefix;
    private final Duration readTimeout;
    private final TowerClock clock;

    BannerTower(List<BannerTowerFactory.Target> targets, Optional<String> expectedPrefix, Duration readTimeout,
                TowerClock clock) {
        this.targets = List.copyOf(targets);
        this.expectedPrefix = expectedPrefix;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    @Override
    public void observe(Observations out) {
        int left = targets.size();
        for (BannerTowerFactory.Target target : targets) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            TargetObservations t = out.target(target.name());
            Duration share = out.deadline().share(left--);
            int timeoutMillis = (int) Math.max(1, Math.min(readTimeout.toMillis(), share.toMillis()));
            long started = clock.nanoTime();
            String banner;
            try {
                banner = firstLine(target, timeoutMillis);
            } catch (IOException e) {
                t.unreachable(describe(e, timeoutMillis));
                t.ratio(BannerTowerFactory.BANNER_FAILURES, 1, 1);
                continue;
            }
            t.gauge(BannerTowerFactory.BANNER_TIME, (clock.nanoTime() - started) / 1e6);
            t.state(BannerTowerFactory.BANNER, banner);
            boolean unexpected = expectedPrefix.isPresent() && !banner.startsWith(expectedPrefix.get());
            if (unexpected) {
                t.context("expected_prefix", expectedPrefix.get());
            }
            t.ratio(BannerTowerFactory.BANNER_FAILURES, unexpected ? 1 : 0, 1);
        }
    }

    private static String firstLine(BannerTowerFactory.Target target, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while (line.size() < MAX_BANNER_BYTES && (b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (line.size() == 0) {
                throw new IOException("connection closed before a banner");
            }
            String text = line.toString(StandardCharsets.UTF_8).strip();
            return text.length() > MAX_BANNER_CHARS ? text.substring(0, MAX_BANNER_CHARS) : text;
        }
    }

    private static String describe(IOException e, int timeoutMillis) {
        if (e instanceof SocketTimeoutException) {
            return "no banner within " + timeoutMillis + " ms";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        // nothing held between probes
    }

    @Override
    public String toString() {
        return "tcp-banner " + targets.stream().map(BannerTowerFactory.Target::name).toList();
    }
}
