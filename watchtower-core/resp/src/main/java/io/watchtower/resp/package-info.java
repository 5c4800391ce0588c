/**
 * A small blocking Redis client speaking RESP2 over JDK sockets.
 *
 * <p>{@link io.watchtower.resp.RespConnection} opens one connection (TCP, optionally TLS, then
 * {@code AUTH}, {@code CLIENT SETNAME} and {@code SELECT}) and sends one command at a time. Every
 * step has a deadline that a slow or silent server cannot stretch, and every reply is bounded in
 * size and depth, so a hostile peer yields an exception, never a hang or an exhausted heap.
 */
package io.watchtower.resp;
