package io.watchtower.tower.dns;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.watchtower.tower.dns.DnsTowerFactory.ANSWER_SET;
import static io.watchtower.tower.dns.DnsTowerFactory.BAD_ANSWERS;
import static io.watchtower.tower.dns.DnsTowerFactory.DISAGREEMENT;
import static io.watchtower.tower.dns.DnsTowerFactory.NXDOMAIN;
import static io.watchtower.tower.dns.DnsTowerFactory.RESOLUTION_TIME;
import static io.watchtower.tower.dns.DnsTowerFactory.SERVFAIL;
import static io.watchtower.tower.dns.DnsTowerFactory.TIMEOUTS;
import static io.watchtower.tower.dns.DnsTowerFactory.TRUNCATED;
import static io.watchtower.tower.dns.DnsTowerFactory.TTL;

/**
 * Sends every configured question to every resolver at once, over UDP with a TCP retry when the
 * answer is truncated, and waits for all of them until the probe's deadline. Each query may take
 * half the time left (the UDP query and its TCP retry), or the configured query timeout if that is
 * shorter.
 */
final class DnsTower implements Tower {

    private static final Executor DIRECT = Runnable::run;

    private final List<Query> queries;
    private final boolean compareResolvers;
    /** The configured bound of one query, or null for half the probe's time left. */
    private final Duration configuredTimeout;
    private final boolean recursion;
    private final TowerClock clock;

    DnsTower(List<Query> queries, boolean compareResolvers, Duration queryTimeout, boolean recursion, TowerClock clock) {
        this.queries = List.copyOf(queries);
        this.compareResolvers = compareResolvers;
        this.configuredTimeout = queryTimeout;
        this.recursion = recursion;
        this.clock = clock;
    }

    @Override
    public void observe(Observations out) throws InterruptedException {
        // once per process, before any query is timed (not at create: `watchtower check` creates towers too)
        LoopTransport.INSTANCE.start();
        Duration queryTimeout = out.deadline().share(2, configuredTimeout);
        Map<Query, CompletableFuture<Answer>> pending = new LinkedHashMap<>();
        for (Query q : queries) {
            pending.put(q, lookup(q, queryTimeout));
        }
        try {
            CompletableFuture.allOf(pending.values().toArray(new CompletableFuture<?>[0]))
                    .get(out.deadline().remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // the unfinished ones count as timeouts below
        } catch (InterruptedException e) {
            pending.values().forEach(f -> f.cancel(true));
            throw e;
        }
        Map<Query, Answer> answers = new LinkedHashMap<>();
        long timedOutAfter = queryTimeout.toMillis();
        pending.forEach((q, f) -> answers.put(q, f.getNow(Answer.timedOut(timedOutAfter))));
        answers.forEach((q, a) -> report(out.target(q.target()), q, a));
        if (compareResolvers) {
            answers.entrySet().stream()
                    .collect(Collectors.groupingBy(e -> e.getKey().question(), LinkedHashMap::new, Collectors.toList()))
                    .forEach((question, group) -> compare(out, question, group));
        }
    }

    private CompletableFuture<Answer> lookup(Query q, Duration queryTimeout) {
        Message query = Message.newQuery(Record.newRecord(q.name(), q.type(), DClass.IN));
        if (!recursion) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        SimpleResolver udp = resolver(q, false, queryTimeout);
        long started = clock.nanoTime();
        Function<Message, CompletableFuture<Answer>> complete = response -> {
            if (!response.getHeader().getFlag(Flags.TC)) {
                return CompletableFuture.completedFuture(Answer.of(response, q.type(), millisSince(started), false));
            }
            return resolver(q, true, queryTimeout).sendAsync(query, DIRECT).toCompletableFuture()
                    .thenApply(full -> Answer.of(full, q.type(), millisSince(started), true));
        };
        try {
            return udp.sendAsync(query, DIRECT).toCompletableFuture().thenCompose(complete)
                    .exceptionally(e -> Answer.failed(e, millisSince(started), queryTimeout.toMillis()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Answer.failed(e, millisSince(started), queryTimeout.toMillis()));
        }
    }

    private SimpleResolver resolver(Query q, boolean tcp, Duration queryTimeout) {
        SimpleResolver resolver = new SimpleResolver(q.resolver().address());
        resolver.setTimeout(queryTimeout);
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setIoClientFactory(LoopTransport.INSTANCE);
        return resolver;
    }

    private double millisSince(long started) {
        return (clock.nanoTime() - started) / 1e6;
    }

    private static void report(TargetObservations t, Query q, Answer a) {
        t.context("resolver", q.resolver().label()).context("outcome", a.detail());
        if (a.outcome() == Answer.Outcome.UNREACHABLE) {
            t.unreachable(a.detail());
            return;
        }
        if (a.outcome() == Answer.Outcome.TIMEOUT) {
            t.unreachable("resolver " + q.resolver().label() + " gave " + a.detail());
        }
        t.ratio(TIMEOUTS, a.outcome() == Answer.Outcome.TIMEOUT ? 1 : 0, 1);
        t.ratio(SERVFAIL, a.outcome() == Answer.Outcome.SERVFAIL ? 1 : 0, 1);
        t.ratio(NXDOMAIN, a.outcome() == Answer.Outcome.NXDOMAIN ? 1 : 0, 1);
        t.ratio(BAD_ANSWERS, a.outcome() == Answer.Outcome.BAD ? 1 : 0, 1);
        if (a.outcome() == Answer.Outcome.TIMEOUT) {
            return;
        }
        t.ratio(TRUNCATED, a.truncated() ? 1 : 0, 1);
        if (a.truncated()) {
            t.context("transport", "tcp after a truncated udp answer");
        }
        if (a.outcome().definitive()) {
            t.gauge(RESOLUTION_TIME, a.millis());
            t.state(ANSWER_SET, a.answerSet());
            t.context("answers", a.answerSet());
            if (a.minimumTtl() >= 0) {
                t.gauge(TTL, a.minimumTtl());
            }
        }
    }

    private static void compare(Observations out, String question, List<Map.Entry<Query, Answer>> group) {
        Map<String, List<String>> resolversBySet = new LinkedHashMap<>();
        for (Map.Entry<Query, Answer> e : group) {
            if (e.getValue().outcome().definitive()) {
                resolversBySet.computeIfAbsent(e.getValue().answerSet(), k -> new ArrayList<>())
                        .add(e.getKey().resolver().label());
            }
        }
        int answering = resolversBySet.values().stream().mapToInt(List::size).sum();
        if (answering < 2) {
            return;
        }
        String majority = resolversBySet.entrySet().stream()
                .max(Comparator.<Map.Entry<String, List<String>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
        int disagreeing = answering - resolversBySet.get(majority).size();
        TargetObservations t = out.target(question);
        t.ratio(DISAGREEMENT, disagreeing, answering);
        t.context("majority", majority + " (" + String.join(", ", resolversBySet.get(majority)) + ")");
        String differing = resolversBySet.entrySet().stream().filter(e -> !e.getKey().equals(majority))
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
        if (!differing.isEmpty()) {
            t.context("differing", differing);
        }
    }

    @Override
    public String toString() {
        return "DnsTower[" + queries.size() + " queries"
                + (configuredTimeout != null ? ", query timeout " + configuredTimeout.toMillis() + " ms" : "") + "]";
    }
}
