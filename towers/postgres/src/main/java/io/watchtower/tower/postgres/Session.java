package io.watchtower.tower.postgres;

import java.time.Duration;
import java.util.Properties;

/**
 * How the tower opens a session to one server: address, credentials and the settings that make
 * every session read-only and bounded. {@link #toString()} never shows the password.
 *
 * <p>{@code default_transaction_read_only}, {@code statement_timeout}, {@code lock_timeout} and
 * {@code idle_in_transaction_session_timeout} travel in the startup packet ({@code options}), so
 * they are in force before the first statement runs. Socket, connect and login timeouts keep
 * every blocking call within the limit it is given ({@link #properties(Duration)}): the server's
 * share of the probe's deadline for the session a probe times, the tower's timeout as a backstop
 * for the pooled session (whose calls the probe bounds with a network timeout of its own). The driver's sockets refuse a reply that
 * would need a receive buffer over {@code max-reply-bytes} ({@link BoundedReplySocketFactory},
 * {@link BoundedReplySslSocketFactory}), and the driver's {@code maxResultBuffer} refuses a query
 * result whose data rows declare more than {@code max-reply-bytes} in all.
 */
final class Session {

    private final String server;
    private final String database;
    private final String user;
    private final String password;
    private final String sslMode;
    private final String applicationName;
    private final Duration backstop;
    private final Duration statementTimeout;
    private final long maxReplyBytes;

    Session(String server, String database, String user, String password, String sslMode, String applicationName,
            Duration backstop, Duration statementTimeout, long maxReplyBytes) {
        this.server = server;
        this.database = database;
        this.user = user;
        this.password = password;
        this.sslMode = sslMode;
        this.applicationName = applicationName;
        this.backstop = backstop;
        this.statementTimeout = statementTimeout;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** @return the configured {@code host:port}, the server's target name */
    String server() {
        return server;
    }

    /** @return the application_name the tower's sessions carry */
    String applicationName() {
        return applicationName;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + server + "/" + database;
    }

    Duration statementTimeout() {
        return statementTimeout;
    }

    /** @return the session's properties with the tower's timeout as the limit of every blocking call */
    Properties properties() {
        return properties(backstop);
    }

    /**
     * @param limit the longest a connect, the login or a read of the socket may take
     * @return the session's properties
     */
    Properties properties(Duration limit) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("sslmode", sslMode);
        long statementMillis = statementTimeout.toMillis();
        p.setProperty("options", "-c default_transaction_read_only=on"
                + " -c statement_timeout=" + statementMillis
                + " -c lock_timeout=" + Math.max(1, statementMillis / 2)
                + " -c idle_in_transaction_session_timeout=" + Math.max(1000, statementMillis));
        // whole seconds only for these two driver settings: rounded down, at least one
        int seconds = (int) Math.max(1, limit.toMillis() / 1000);
        p.setProperty("connectTimeout", Integer.toString(seconds));
        p.setProperty("socketTimeout", Integer.toString(seconds));
        p.setProperty("loginTimeout", Double.toString(Math.max(1, limit.toMillis()) / 1000.0));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("readOnly", "true");
        // server-side prepared from the first use: the server plans each catalog query once per session
        p.setProperty("prepareThreshold", "1");
        // send application_name in the startup packet rather than a SET after login
        p.setProperty("assumeMinServerVersion", "10");
        // a server's reply may not grow the driver's receive buffer past max-reply-bytes, in plain
        // TCP or in TLS: a huge declared length fails this server's probe, never the process
        p.setProperty("socketFactory", BoundedReplySocketFactory.class.getName());
        p.setProperty("socketFactoryArg", Long.toString(maxReplyBytes));
        p.setProperty("sslfactory", BoundedReplySslSocketFactory.class.getName());
        // both factories are the tower's classes: the driver looks them up at every new session, and its
        // default (driver-first) searched the daemon's whole class path in vain, and built the exception
        // saying so, before it asked the tower's loader (the probe thread's context loader)
        p.setProperty("classLoaderStrategy", "context-first");
        // the driver allocates each column of a data row at the length the server declares, before
        // reading it: its own bound refuses a row (and a whole result) whose declared size is over the
        // cap before anything is allocated for it
        p.setProperty("maxResultBuffer", Long.toString(maxReplyBytes));
        return p;
    }

    @Override
    public String toString() {
        return "Session[" + user + "@" + server + "/" + database + ", sslmode=" + sslMode
                + (password == null ? "" : ", password=<redacted>") + "]";
    }
}
