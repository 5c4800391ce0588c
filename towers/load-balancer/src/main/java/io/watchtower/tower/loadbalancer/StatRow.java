package io.watchtower.tower.loadbalancer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of HAProxy's stats CSV ({@code show stat}): a frontend, a backend or one server of a
 * backend. Columns are looked up by name in the header line, so versions that add columns parse.
 */
record StatRow(String proxy, String service, int type, String status, long queue, long sessions, long sessionLimit,
               long checkFailures, long responses, long responses5xx, String checkStatus, String lastCheck) {

    static final int FRONTEND = 0;
    static final int BACKEND = 1;
    static final int SERVER = 2;

    /** The most rows parsed, so a huge or hostile stats page cannot grow memory without bound. */
    static final int MAX_ROWS = 10_000;

    /**
     * @param csv the stats CSV, header line first ({@code # pxname,svname,...})
     * @return the rows
     * @throws IllegalArgumentException when the text is not HAProxy stats CSV
     */
    static List<StatRow> parse(String csv) {
        String[] lines = csv.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length || !lines[first].startsWith("# pxname,svname,")) {
            throw new IllegalArgumentException("not HAProxy stats CSV (the first line is not \"# pxname,svname,...\")");
        }
        String[] header = lines[first].substring(2).split(",", -1);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            column.put(header[i].strip(), i);
        }
        for (String required : List.of("pxname", "svname", "status", "type")) {
            if (!column.containsKey(required)) {
                throw new IllegalArgumentException("HAProxy stats CSV without a " + required + " column");
            }
        }
        List<StatRow> rows = new ArrayList<>();
        for (int l = first + 1; l < lines.length && rows.size() < MAX_ROWS; l++) {
            if (lines[l].isBlank() || lines[l].startsWith("#")) {
                continue;
            }
            String[] f = lines[l].split(",", -1);
            long responses = 0;
            for (String c : List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")) {
                responses += number(f, column, c);
            }
            rows.add(new StatRow(text(f, column, "pxname"), text(f, column, "svname"), (int) number(f, column, "type"),
                    text(f, column, "status"), number(f, column, "qcur"), number(f, column, "scur"),
                    number(f, column, "slim"), number(f, column, "chkfail"), responses,
                    number(f, column, "hrsp_5xx"), text(f, column, "check_status"), text(f, column, "last_chk")));
        }
        return rows;
    }

    /**
     * The server's state reduced to what operators act on: {@code UP}, {@code DOWN}, {@code MAINT},
     * {@code DRAIN}, {@code NOLB}, {@code no check}; a transition in progress ({@code "UP 1/3"},
     * going down) counts as its current state.
     *
     * @return the state
     */
    String state() {
        String s = status.strip();
        if (s.equalsIgnoreCase("no check")) {
            return "no check";
        }
        int space = s.indexOf(' ');
        String head = space > 0 ? s.substring(0, space) : s;
        return head.isEmpty() ? "unknown" : head;
    }

    String key() {
        return proxy + "/" + service;
    }

    private static String text(String[] fields, Map<String, Integer> column, String name) {
        Integer i = column.get(name);
        if (i == null || i >= fields.length) {
            return "";
        }
        String value = fields[i].strip();
        return value.length() > 200 ? value.substring(0, 200) : value;
    }

    private static long number(String[] fields, Map<String, Integer> column, String name) {
        String value = text(fields, column, name);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
