/**
 * Network resources a daemon holds once: {@link io.watchtower.net.EventLoops} (Netty's event loops,
 * shared by the API server, towers and channels), {@link io.watchtower.net.LettuceResources} (the
 * Redis clients' resources on those loops, with {@link io.watchtower.net.ReplyByteLimit} bounding
 * every reply) and {@link io.watchtower.net.PemTrust} (the one loader of PEM CA files for every
 * TLS client).
 */
package io.watchtower.net;
