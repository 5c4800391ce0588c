package io.watchtower.testkit;

import io.watchtower.spi.Check;
import io.watchtower.spi.CheckKind;
import io.watchtower.spi.Direction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of a tower's README.md the compatibility kit holds against the code: every checks
 * table (a Markdown table whose header begins {@code | check | kind | unit | worse when |}) and every
 * settings table (header beginning {@code | key |}).
 */
final class ReadmeTables {

    /**
     * One row of a checks table, cells as written without the back-quotes.
     *
     * @param check the check name
     * @param kind gauge, ratio, state or counter
     * @param unit the unit's wire name, or {@code —}
     * @param worseWhen which deviation is bad, in words
     * @param line the row's line number in the README
     */
    record CheckRow(String check, String kind, String unit, String worseWhen, int line) {
    }

    private ReadmeTables() {
    }

    /**
     * @param readme the README's text
     * @return every row of every checks table, in order
     */
    static List<CheckRow> checkRows(String readme) {
        List<CheckRow> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> row : rows(readme, List.of("check", "kind", "unit", "worse when")).entrySet()) {
            List<String> cells = row.getValue();
            if (cells.size() >= 4) {
                rows.add(new CheckRow(plain(cells.get(0)), plain(cells.get(1)).toLowerCase(Locale.ROOT),
                        plain(cells.get(2)), plain(cells.get(3)).toLowerCase(Locale.ROOT), row.getKey()));
            }
        }
        return rows;
    }

    /**
     * @param rows the rows of a README's checks tables
     * @param checks the checks the tower declares
     * @return every disagreement, one message each naming the README line: a check listed twice,
     *     listed but not declared, declared but not listed, or listed with another kind, unit or
     *     direction than declared
     */
    static List<String> checkTableProblems(List<CheckRow> rows, List<Check> checks) {
        Map<String, Check> declared = new LinkedHashMap<>();
        checks.forEach(c -> declared.put(c.name(), c));
        List<String> problems = new ArrayList<>();
        java.util.Set<String> documented = new java.util.HashSet<>();
        for (CheckRow row : rows) {
            String at = "README.md:" + row.line() + ": check " + row.check();
            if (!documented.add(row.check())) {
                problems.add(at + " is listed twice");
            }
            Check c = declared.get(row.check());
            if (c == null) {
                problems.add(at + " is not declared by checks()");
                continue;
            }
            String kind = c.kind().name().toLowerCase(Locale.ROOT);
            if (!row.kind().equals(kind)) {
                problems.add(at + " is a " + kind + ", the table says " + row.kind());
            }
            String unit = c.kind() == CheckKind.STATE ? "—" : c.unit().wireName();
            if (!row.unit().equals(unit)) {
                problems.add(at + " has unit " + unit + ", the table says " + row.unit());
            }
            if (!worseWhenMatches(c.worseWhen(), row.worseWhen())) {
                problems.add(at + " is worse when " + c.worseWhen().name().toLowerCase(Locale.ROOT)
                        + ", the table says " + row.worseWhen());
            }
        }
        for (String name : declared.keySet()) {
            if (!documented.contains(name)) {
                problems.add("README.md: check " + name + " is declared but missing from the checks tables");
            }
        }
        return problems;
    }

    private static boolean worseWhenMatches(Direction direction, String cell) {
        switch (direction) {
            case HIGHER:
                return cell.startsWith("higher");
            case LOWER:
                return cell.startsWith("lower");
            default:
                return cell.startsWith("any") || cell.startsWith("either");
        }
    }

    /**
     * @param readme the README's text
     * @return every key named in the first cell of a settings table; a cell naming several keys
     *     ({@code `password`, `password-file`}) gives each
     */
    static List<String> settingKeys(String readme) {
        List<String> keys = new ArrayList<>();
        for (List<String> cells : rows(readme, List.of("key")).values()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]+)`").matcher(cells.get(0));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** Rows (by line number) of the tables whose header starts with {@code header}. */
    private static Map<Integer, List<String>> rows(String readme, List<String> header) {
        Map<Integer, List<String>> rows = new LinkedHashMap<>();
        String[] lines = readme.replace("\r\n", "\n").split("\n");
        boolean inTable = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                inTable = startsWith(cells, header);
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                continue; // the separator row
            }
            rows.put(i + 1, cells);
        }
        return rows;
    }

    private static boolean startsWith(List<String> cells, List<String> header) {
        if (cells.size() < header.size()) {
            return false;
        }
        for (int i = 0; i < header.size(); i++) {
            if (!cells.get(i).toLowerCase(Locale.ROOT).equals(header.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static String plain(String cell) {
        return cell.replace("`", "").strip();
    }
}
