package io.watchtower.net;

import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Host-name lookups bounded by the caller's deadline: Netty's DNS resolver on the shared event
 * loops ({@link EventLoops#shared()}), reading {@code /etc/hosts} first and then asking the
 * platform's name servers ({@code /etc/resolv.conf}). A name server that never answers costs the
 * caller its deadline and no thread, unlike the JDK's resolver, which cannot be given a timeout.
 * IP literals need no lookup. Thread-safe.
 */
public final class BoundedResolver implements AutoCloseable {

    private final DnsNameResolver resolver;
    private final boolean closable;

    private BoundedResolver(DnsServerAddressStreamProvider nameServers, boolean closable) {
        this.resolver = new DnsNameResolverBuilder(EventLoops.shared().next())
                .datagramChannelType(EventLoops.datagramChannel())
                .nameServerProvider(nameServers)
                .build();
        this.closable = closable;
    }

    /** The process's resolver, made on first use (the holder class loads then). */
    private static final class Platform {
        static final BoundedResolver RESOLVER = new BoundedResolver(DnsServerAddressStreamProviders.platformDefault(),
                false);
    }

    /** @return the process's resolver, asking the platform's name servers; created on first use, never closed */
    public static BoundedResolver system() {
        return Platform.RESOLVER;
    }

    /**
     * A resolver asking the given name servers, in order, instead of the platform's.
     *
     * @param nameServers at least one name server
     * @return the resolver; close it when done
     */
    public static BoundedResolver using(List<InetSocketAddress> nameServers) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("at least one name server");
        }
        return new BoundedResolver(new SequentialDnsServerAddressStreamProvider(nameServers), true);
    }

    /**
     * @param host a host name or an IP literal
     * @param within how long the lookup may take
     * @return an address of the host
     * @throws UnknownHostException when the name does not resolve
     * @throws TimeoutException when no answer came within {@code within}
     * @throws InterruptedException when the caller was interrupted while waiting
     */
    public InetAddress resolve(String host, Duration within)
            throws UnknownHostException, TimeoutException, InterruptedException {
        if (ClientTls.isIpLiteral(host)) {
            return InetAddress.getByName(host); // parsed, not looked up
        }
        Future<InetAddress> lookup = resolver.resolve(host);
        try {
            return lookup.get(Math.max(1, within.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(false);
            throw new TimeoutException("resolving " + host + " took longer than " + within.toMillis() + " ms");
        } catch (InterruptedException e) {
            lookup.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            UnknownHostException unknown = new UnknownHostException(host + ": " + e.getCause());
            unknown.initCause(e.getCause());
            throw unknown;
        }
    }

    /** Closes this resolver's socket; the process's {@link #system()} resolver is never closed. */
    @Override
    public void close() {
        if (closable) {
            resolver.close();
        }
    }
}
