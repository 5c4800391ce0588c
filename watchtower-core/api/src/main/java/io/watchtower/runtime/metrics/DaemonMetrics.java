package io.watchtower.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchtower.baseline.Confidence;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's own health in Prometheus exposition format, through the official Prometheus Java
 * client. Labels are bounded: tower types (installed plugins), probe outcomes (four), confidence
 * and firing state (three by two), channel names (configured), API route templates (fixed).
 * Tower ids, hosts and series never become labels. No metric keeps exemplars: there are no traces
 * to link, and the client's exemplar sampling would start a scheduler thread of its own.
 */
public final class DaemonMetrics {

    /** What the gauges read, sampled on every scrape. */
    public interface Source {
        /** @return bytes in the signal journal */
        long journalBytes();

        /** @return signals held in memory because the journal cannot be written */
        long journalHeldSignals();

        /** @return signals dropped since start because too many were held */
        long journalDroppedSignals();

        /** @return notifications not yet delivered, per channel name */
        Map<String, Long> channelBacklog();

        /** @return bytes of publications waiting for the fleet registry */
        long registryBacklogBytes();

        /** @return failed registry publication attempts since start */
        long registryPublishErrors();

        /** @return whether the fleet registry is reachable (true without one) */
        boolean registryUp();

        /** @return whether this daemon runs the fleet's blind-spot watch */
        boolean blindSpotLeader();

        /** @return every series */
        List<SeriesView> series();

        /** @return towers scheduled now */
        int towersScheduled();
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ProbeMetrics probes;
    private final Counter requests;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /**
     * @param source what the gauges read
     * @param probes the counts of judged probes
     */
    public DaemonMetrics(Source source, ProbeMetrics probes) {
        this.probes = probes;
        registry.register(probes.probes);
        registry.register(probes.durations);
        requests = Counter.builder().name("watchtower_api_requests_total")
                .help("HTTP API requests, by route template and status class").labelNames("route", "status")
                .withoutExemplars().register(registry);
        registry.register(probes.dropped);
        gauge("watchtower_journal_bytes", "Bytes of the signal journal on disk (the current segment and the "
                + "rotated ones kept)", cb -> cb.call(source.journalBytes()));
        gauge("watchtower_journal_held_signals", "Signals held in memory, in order, because the journal cannot be "
                + "written (a full disk); written when it can be", cb -> cb.call(source.journalHeldSignals()));
        CounterWithCallback.builder().name("watchtower_journal_dropped_signals_total")
                .help("Signals dropped because more than 10000 were held while the journal could not be written")
                .callback(cb -> cb.call(source.journalDroppedSignals())).register(registry);
        CounterWithCallback.builder().name("watchtower_registry_publish_errors_total")
                .help("Failed registry publication attempts").callback(cb -> cb.call(source.registryPublishErrors()))
                .register(registry);
        GaugeWithCallback.builder().name("watchtower_channel_backlog")
                .help("Notifications waiting in each alert channel's outbox").labelNames("channel")
                .callback(cb -> source.channelBacklog().forEach((name, n) -> cb.call(n, name)))
                .register(registry);
        gauge("watchtower_registry_queue_bytes", "Publications waiting for the fleet registry, in bytes",
                cb -> cb.call(source.registryBacklogBytes()));
        gauge("watchtower_registry_up", "1 when the fleet registry is reachable (or none is configured)",
                cb -> cb.call(source.registryUp() ? 1 : 0));
        gauge("watchtower_blind_spot_leader", "1 when this daemon runs the fleet's blind-spot watch",
                cb -> cb.call(source.blindSpotLeader() ? 1 : 0));
        gauge("watchtower_towers_scheduled", "Towers scheduled now", cb -> cb.call(source.towersScheduled()));
        GaugeWithCallback.builder().name("watchtower_series")
                .help("Series by baseline confidence and state (ok, firing, stale: no data while the tower probes)")
                .labelNames("confidence", "state")
                .callback(cb -> {
                    Map<Confidence, long[]> counts = new EnumMap<>(Confidence.class);
                    for (Confidence c : Confidence.values()) {
                        counts.put(c, new long[3]);
                    }
                    for (SeriesView v : source.series()) {
                        counts.get(v.confidence())[v.stale() ? 2 : v.firing() ? 1 : 0]++;
                    }
                    counts.forEach((c, n) -> {
                        cb.call(n[0], c.wireName(), "ok");
                        cb.call(n[1], c.wireName(), "firing");
                        cb.call(n[2], c.wireName(), "stale");
                    });
                }).register(registry);
    }

    private void gauge(String name, String help, java.util.function.Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
    }

    /**
     * @param towerId a tower id
     * @return the observations of that tower dropped since the daemon started
     */
    public ProbeResult.Drops droppedObservations(String towerId) {
        return probes.droppedObservations(towerId);
    }

    /**
     * Counts one API request.
     *
     * @param route the route template, for example {@code /api/v1/baselines/{series}}
     * @param status the HTTP status
     */
    public void request(String route, int status) {
        requests.labelValues(route, (status / 100) + "xx").inc();
    }

    /** @return the content type of {@link #scrape()} */
    public String contentType() {
        return writer.getContentType();
    }

    /** @return every metric, Prometheus text format */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
