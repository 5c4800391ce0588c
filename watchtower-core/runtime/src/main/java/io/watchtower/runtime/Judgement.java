package io.watchtower.runtime;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where probe results are judged: one lane, in arrival order, the series tracker first and then
 * whoever counts probes (the metrics and the status page).
 */
final class Judgement implements Consumer<ProbeResult> {

    private static final Logger LOG = LoggerFactory.getLogger(Judgement.class);

    private final SeriesTracker tracker;
    private final ExecutorService lane;
    private final Consumer<ProbeResult> afterwards;
    private volatile boolean closed;

    /**
     * @param tracker judges the results
     * @param afterwards told of each result once it is judged (the metrics and the status page)
     * @param lane where they are judged
     */
    Judgement(SeriesTracker tracker, Consumer<ProbeResult> afterwards, ExecutorService lane) {
        this.tracker = tracker;
        this.afterwards = afterwards;
        this.lane = lane;
    }

    @Override
    public void accept(ProbeResult result) {
        if (closed) {
            return;
        }
        try {
            lane.execute(() -> {
                try {
                    tracker.accept(result);
                    afterwards.accept(result);
                } catch (RuntimeException e) {
                    LOG.error("judging the probe of tower {} failed", result.tower(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Takes no more results and waits for those queued.
     *
     * @param timeoutMillis how long to wait at most
     * @throws InterruptedException when interrupted while waiting
     */
    void close(long timeoutMillis) throws InterruptedException {
        closed = true;
        lane.shutdown();
        lane.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
