package io.watchtower.tower.dns;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** What one query got: its outcome, how long it took, and for definitive answers the answer set. */
record Answer(Outcome outcome, double millis, String answerSet, long minimumTtl, boolean truncated, String detail) {

    /** The answer set is capped, so a resolver returning thousands of records cannot grow memory or a series. */
    static final int MAX_RECORDS = 64;
    private static final int MAX_RDATA = 200;

    /** How a query ended. */
    enum Outcome {
        NOERROR, NXDOMAIN, SERVFAIL, TIMEOUT, UNREACHABLE, BAD;

        /** @return whether the resolver gave a definitive answer about the name */
        boolean definitive() {
            return this == NOERROR || this == NXDOMAIN;
        }
    }

    static Answer of(Message response, int type, double millis, boolean truncated) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer(Outcome.NXDOMAIN, millis, "NXDOMAIN", -1, truncated, "NXDOMAIN");
        }
        if (rcode == Rcode.SERVFAIL) {
            return new Answer(Outcome.SERVFAIL, millis, null, -1, truncated, "SERVFAIL");
        }
        if (rcode != Rcode.NOERROR) {
            return new Answer(Outcome.BAD, millis, null, -1, truncated, "answered " + Rcode.string(rcode));
        }
        TreeSet<String> records = new TreeSet<>();
        long minimumTtl = -1;
        List<Record> answers = response.getSection(Section.ANSWER);
        for (Record r : answers) {
            String item;
            if (r.getType() == type) {
                item = r.rdataToString();
            } else if (r instanceof CNAMERecord) {
                item = "CNAME " + ((CNAMERecord) r).getTarget();
            } else {
                continue;
            }
            minimumTtl = minimumTtl < 0 ? r.getTTL() : Math.min(minimumTtl, r.getTTL());
            records.add(item.length() > MAX_RDATA ? item.substring(0, MAX_RDATA) + "…" : item);
        }
        String set;
        if (records.isEmpty()) {
            set = "NODATA";
        } else if (records.size() > MAX_RECORDS) {
            set = String.join(", ", records.stream().limit(MAX_RECORDS).toList()) + ", … (" + records.size() + " records)";
        } else {
            set = String.join(", ", records);
        }
        return new Answer(Outcome.NOERROR, millis, set, minimumTtl, truncated, "NOERROR");
    }

    static Answer failed(Throwable error, double millis, long timeoutMillis) {
        Throwable e = unwrap(error);
        if (isTimeout(e)) {
            return new Answer(Outcome.TIMEOUT, millis, null, -1, false, "no answer within " + timeoutMillis + " ms");
        }
        if (e instanceof PortUnreachableException || e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new Answer(Outcome.UNREACHABLE, millis, null, -1, false, describe(e));
        }
        return new Answer(Outcome.BAD, millis, null, -1, false, "malformed answer: " + describe(e));
    }

    static Answer timedOut(long timeoutMillis) {
        return new Answer(Outcome.TIMEOUT, timeoutMillis, null, -1, false, "no answer within " + timeoutMillis + " ms");
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return true;
            }
            String message = t.getMessage();
            if (t instanceof IOException && message != null && message.toLowerCase(Locale.ROOT).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
