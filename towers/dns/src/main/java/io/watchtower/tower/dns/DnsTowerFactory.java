package io.watchtower.tower.dns;

import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import io.watchtower.spi.Settings;
import io.watchtower.spi.Severity;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code dns} tower type: per (resolver, name, record type) resolution time, outcome rates,
 * answer set and TTL, and disagreement between resolvers about the same name.
 */
public final class DnsTowerFactory implements TowerFactory {

    static final String RESOLUTION_TIME = "resolution_time";
    static final String SERVFAIL = "servfail";
    static final String NXDOMAIN = "nxdomain";
    static final String TIMEOUTS = "timeouts";
    static final String TRUNCATED = "truncated";
    static final String BAD_ANSWERS = "bad_answers";
    static final String ANSWER_SET = "answer_set";
    static final String TTL = "ttl";
    static final String DISAGREEMENT = "resolver_disagreement";

    @Override
    public String type() {
        return "dns";
    }

    @Override
    public String description() {
        return "Resolution time, outcomes, answer sets and TTLs of names at explicit resolvers, and their disagreement";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.gauge(RESOLUTION_TIME).unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER).minimumDelta(5)
                        .describedAs("Time from sending the query to a complete answer (including a TCP retry after truncation)"),
                Check.ratio(SERVFAIL).severity(Severity.HIGH)
                        .describedAs("Fraction of queries answered SERVFAIL"),
                Check.ratio(NXDOMAIN).severity(Severity.MEDIUM)
                        .describedAs("Fraction of queries answered NXDOMAIN (the name does not exist)"),
                Check.ratio(TIMEOUTS).severity(Severity.HIGH)
                        .describedAs("Fraction of queries that got no answer within the query timeout"),
                Check.ratio(TRUNCATED).severity(Severity.LOW)
                        .describedAs("Fraction of UDP answers that were truncated and needed a TCP retry"),
                Check.ratio(BAD_ANSWERS).severity(Severity.HIGH).guardrailAbove(0.5)
                        .describedAs("Fraction of answers that were malformed or carried REFUSED, FORMERR or another error code"),
                Check.state(ANSWER_SET).severity(Severity.MEDIUM)
                        .describedAs("The sorted set of records answered (NXDOMAIN or NODATA when there are none)"),
                Check.gauge(TTL).unit(Unit.SECONDS).worseWhen(Direction.LOWER).severity(Severity.LOW)
                        .describedAs("Smallest TTL among the answered records"),
                Check.ratio(DISAGREEMENT).severity(Severity.MEDIUM)
                        .describedAs("Fraction of answering resolvers whose answer set differs from the majority's, per name and type"));
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        List<ResolverAddress> resolvers = resolvers(settings);
        List<Name> names = names(settings);
        List<Integer> types = types(settings);
        Duration queryTimeout = null;
        if (settings.has("query-timeout")) {
            queryTimeout = settings.duration("query-timeout");
            if (queryTimeout.isZero() || queryTimeout.isNegative()) {
                throw settings.invalid("query-timeout", "a positive duration such as 2s");
            }
            if (queryTimeout.multipliedBy(2).compareTo(context.timeout()) > 0) {
                throw settings.invalid("query-timeout", "at most half the tower timeout (" + context.timeout().toMillis()
                        + " ms), so a UDP query and its TCP retry both fit in one probe");
            }
        }
        boolean recursion = settings.bool("recursion", true);
        List<Query> queries = new ArrayList<>();
        for (Name name : names) {
            for (int type : types) {
                for (ResolverAddress resolver : resolvers) {
                    queries.add(new Query(resolver, name, type));
                }
            }
        }
        return new DnsTower(queries, resolvers.size() > 1, queryTimeout, recursion, context.clock());
    }

    private static List<ResolverAddress> resolvers(Settings settings) {
        Set<ResolverAddress> resolvers = new LinkedHashSet<>();
        if (settings.has("resolvers")) {
            for (String text : settings.stringList("resolvers")) {
                ResolverAddress parsed = ResolverAddress.parse(text);
                if (parsed == null) {
                    throw settings.invalid("resolvers", "IP addresses, optionally with a port: \"10.0.0.2\", "
                            + "\"127.0.0.1:5353\", \"[2001:db8::1]:53\" (\"" + text + "\" is not one)");
                }
                resolvers.add(parsed);
            }
            if (resolvers.isEmpty()) {
                throw settings.invalid("resolvers", "at least one resolver, or no `resolvers` key for the system's");
            }
        } else {
            for (InetSocketAddress server : ResolverConfig.getCurrentConfig().servers()) {
                resolvers.add(ResolverAddress.of(server));
            }
            if (resolvers.isEmpty()) {
                throw settings.invalid("resolvers", "explicit resolvers: the system has none configured "
                        + "(no nameserver in /etc/resolv.conf)");
            }
        }
        return List.copyOf(resolvers);
    }

    private static List<Name> names(Settings settings) {
        List<String> raw = settings.stringList("names");
        if (raw.isEmpty()) {
            throw settings.invalid("names", "at least one name to resolve");
        }
        Set<Name> names = new LinkedHashSet<>();
        for (String text : raw) {
            String s = text.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty() || s.length() > 253) {
                throw settings.invalid("names", "domain names such as \"api.example.com\" (\"" + text + "\" is not one)");
            }
            try {
                names.add(Name.fromString(s.endsWith(".") ? s : s + "."));
            } catch (TextParseException e) {
                throw settings.invalid("names", "domain names such as \"api.example.com\" (\"" + text + "\": "
                        + e.getMessage() + ")");
            }
        }
        return List.copyOf(names);
    }

    private static List<Integer> types(Settings settings) {
        if (!settings.has("types")) {
            return List.of(Type.A);
        }
        Set<Integer> types = new LinkedHashSet<>();
        for (String text : settings.stringList("types")) {
            int type = Type.value(text.strip().toUpperCase(Locale.ROOT));
            if (type < 0 || type == Type.ANY || type == Type.AXFR || type == Type.IXFR || type == Type.OPT) {
                throw settings.invalid("types", "record types such as A, AAAA, CNAME, MX, TXT, SRV, NS (\"" + text
                        + "\" is not one)");
            }
            types.add(type);
        }
        if (types.isEmpty()) {
            throw settings.invalid("types", "at least one record type");
        }
        return List.copyOf(types);
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
