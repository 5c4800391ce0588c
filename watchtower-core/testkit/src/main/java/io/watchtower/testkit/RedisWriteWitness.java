package io.watchtower.testkit;

import io.watchtower.testkit.fixture.RedisServer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway Redis server that counts the calls of write commands ({@code INFO commandstats},
 * each command's ACL categories from {@code COMMAND INFO}: those in {@code @write}) and the changes
 * to its data set ({@code rdb_changes_since_last_save}). A write command the server refused or
 * that changed nothing still counts.
 */
public final class RedisWriteWitness implements MutationWitness {

    private static final Pattern CALLS = Pattern.compile("(?m)^cmdstat_([^:]+):calls=(\\d+)");
    private static final Pattern CHANGES = Pattern.compile("(?m)^rdb_changes_since_last_save:(\\d+)");

    private final RedisServer server;
    private final String settings;
    private final Map<String, Boolean> writeCommands = new HashMap<>();

    /** @param settings the tower block for a server at the given {@code host:port} */
    public RedisWriteWitness(Function<String, String> settings) {
        this.server = RedisServer.builder().start();
        this.settings = settings.apply("127.0.0.1:" + server.port());
    }

    @Override
    public String settings() {
        return settings;
    }

    /** @return the server, to write to it (the witness's own test does) */
    public RedisServer server() {
        return server;
    }

    @Override
    public long writes() {
        long writes = 0;
        Matcher calls = CALLS.matcher(server.cli("INFO", "commandstats").replace("\r", ""));
        while (calls.find()) {
            if (isWrite(calls.group(1))) {
                writes += Long.parseLong(calls.group(2));
            }
        }
        Matcher changes = CHANGES.matcher(server.cli("INFO", "persistence").replace("\r", ""));
        if (!changes.find()) {
            throw new AssertionError("INFO persistence without rdb_changes_since_last_save");
        }
        return writes + Long.parseLong(changes.group(1));
    }

    private boolean isWrite(String command) {
        return writeCommands.computeIfAbsent(command, c -> server.cli("COMMAND", "INFO", c).contains("@write"));
    }

    @Override
    public String describe() {
        return "calls of @write commands and data set changes on Redis (INFO commandstats, INFO persistence)";
    }

    @Override
    public void close() {
        server.close();
    }
}
