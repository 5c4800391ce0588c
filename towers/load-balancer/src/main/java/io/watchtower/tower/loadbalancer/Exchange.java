package io.watchtower.tower.loadbalancer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What one HTTP request saw. Timings are milliseconds from the start of the request (NaN when
 * that phase did not happen: no DNS for an IP literal, no TLS for plain HTTP, nothing after a
 * failure).
 *
 * @param failure why no complete response arrived, or null
 * @param answered whether any response byte arrived (false: refused, reset or silent)
 * @param status the HTTP status code, or 0 without a response
 * @param dnsMillis name resolution
 * @param connectMillis TCP handshake
 * @param tlsMillis TLS handshake
 * @param firstByteMillis from sending the request to its first response byte
 * @param totalMillis from start to the end of the response
 * @param bytes body bytes read (at most the cap)
 * @param capped whether the body was larger than the cap and reading stopped there
 * @param certificateNotAfter the server certificate's expiry, or null
 * @param backend the value of the backend header, or null
 * @param body the body when it was asked for, else null
 */
record Exchange(String failure, boolean answered, int status, double dnsMillis, double connectMillis,
                double tlsMillis, double firstByteMillis, double totalMillis, long bytes, boolean capped,
                Instant certificateNotAfter, String backend, byte[] body) {

    /** @return the status class, e.g. {@code "2xx"} */
    String statusClass() {
        return status / 100 + "xx";
    }

    /** @return the body as UTF-8 text (empty when not kept) */
    String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** Accumulates an exchange while it runs. */
    static final class Builder {
        String failure;
        boolean answered;
        int status;
        double dnsMillis = Double.NaN;
        double connectMillis = Double.NaN;
        double tlsMillis = Double.NaN;
        double firstByteMillis = Double.NaN;
        double totalMillis = Double.NaN;
        long bytes;
        boolean capped;
        Instant certificateNotAfter;
        String backend;
        ByteArrayOutputStream body;

        Exchange build() {
            return new Exchange(failure, answered, status, dnsMillis, connectMillis, tlsMillis, firstByteMillis,
                    totalMillis, bytes, capped, certificateNotAfter, backend, body == null ? null : body.toByteArray());
        }
    }
}
