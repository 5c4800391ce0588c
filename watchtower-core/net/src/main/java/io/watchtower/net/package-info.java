/**
 * Network resources a daemon holds once: {@link io.watchtower.net.EventLoops} (Netty's event loops,
 * shared by the API server, towers and channels) and {@link io.watchtower.net.PemTrust} (the one
 * loader of PEM CA files for every TLS client).
 */
package io.watchtower.net;
