/**
 * Network resources a daemon holds once: {@link io.watchtower.net.EventLoops} (Netty's event loops,
 * shared by the API server, towers and channels), {@link io.watchtower.net.LettuceResources} (the
 * Redis clients' resources on those loops, with {@link io.watchtower.net.ReplyByteLimit} bounding
 * every reply and their timeouts on the loops too) and {@link io.watchtower.net.LettuceHandshake} (a
 * connect that reports a server's refused handshake as that refusal), and the one TLS client set-up:
 * {@link io.watchtower.net.TlsSettings} (the {@code tls { ca-file, verify, server-name }} block every
 * TLS client reads), {@link io.watchtower.net.PemTrust} (the one loader of PEM CA files) and
 * {@link io.watchtower.net.ClientTls} (Netty's client side of those settings); and one HTTP exchange
 * on a connection of its own, bounded by one deadline ({@link io.watchtower.net.OneShotExchange}),
 * after a name lookup bounded by the same deadline ({@link io.watchtower.net.BoundedResolver}), which
 * the load-balancer tower and the HTTP alert channels share.
 */
package io.watchtower.net;
