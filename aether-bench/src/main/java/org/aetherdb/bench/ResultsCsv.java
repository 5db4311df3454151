package org.aetherdb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code results.csv} written by {@link Report} back into {@link Row}s: RFC 4180 fields
 * (quoted with {@code "..."}, doubled quotes, commas and newlines inside quotes). The header's first
 * nine columns must be exactly {@link #LEADING}; further columns are allowed and kept by name.
 * Malformed input fails with an {@link IllegalArgumentException} naming the file and line.
 */
public final class ResultsCsv {
    /** The leading columns, in this order, of every results.csv (and limits.csv). */
    public static final List<String> LEADING =
            List.of("workload", "metric", "unit", "higher_is_better", "engine", "median", "min", "max", "runs");

    private ResultsCsv() {}

    /**
     * One results row: one (workload, metric, engine) with the median, min and max over {@code runs}
     * runs. {@code columns} holds every column of the file by header name, the leading nine included.
     */
    public record Row(String workload, String metric, String unit, boolean higherIsBetter, String engine,
                      double median, double min, double max, int runs, Map<String, String> columns) {
        public Row {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }

        /** The named column's value, or "" when the file has no such column. */
        public String get(String column) {
            return columns.getOrDefault(column, "");
        }

        /** The {@code durability_mode} column (sync, nosync), or "" when absent. */
        public String durabilityMode() {
            return get("durability_mode");
        }

        /** The key that identifies this row within one run: workload, metric and engine. */
        public String key() {
            return workload + " | " + metric + " | " + engine;
        }

        /** True when this row's [min, max] range overlaps {@code other}'s. */
        public boolean overlaps(Row other) {
            return min <= other.max && other.min <= max;
        }
    }

    /** Reads and parses {@code file} (UTF-8). */
    public static List<Row> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the text of a results.csv; {@code source} names it in error messages. */
    public static List<Row> parse(String text, String source) {
        List<Record> records = records(text, source);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(source + ":1: empty file, expected the header " + String.join(",", LEADING));
        }
        List<String> header = header(records.getFirst(), source);
        List<Row> rows = new ArrayList<>();
        for (Record r : records.subList(1, records.size())) {
            rows.add(row(header, r, source));
        }
        return rows;
    }

    /** One CSV record and the line it starts on (1-based). */
    private record Record(int line, List<String> fields) {}

    private static List<String> header(Record r, String source) {
        List<String> h = r.fields();
        if (h.size() < LEADING.size() || !h.subList(0, LEADING.size()).equals(LEADING)) {
            throw new IllegalArgumentException(source + ":" + r.line() + ": bad header: expected it to start with "
                    + String.join(",", LEADING) + " but it is " + String.join(",", h));
        }
        return h;
    }

    private static Row row(List<String> header, Record r, String source) {
        List<String> f = r.fields();
        String at = source + ":" + r.line() + ": ";
        if (f.size() != header.size()) {
            throw new IllegalArgumentException(at + "expected " + header.size() + " fields (as the header), found " + f.size());
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i), f.get(i));
        }
        return new Row(f.get(0), f.get(1), f.get(2), bool(f.get(3), at), f.get(4),
                number(f.get(5), "median", at), number(f.get(6), "min", at), number(f.get(7), "max", at),
                runs(f.get(8), at), columns);
    }

    private static boolean bool(String s, String at) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(at + "higher_is_better must be true or false, not '" + s + "'");
        };
    }

    private static double number(String s, String column, String at) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + column + " is not a number: '" + s + "'");
        }
    }

    private static int runs(String s, String at) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + "runs is not an integer: '" + s + "'");
        }
    }

    /** Splits {@code text} into records; blank lines are skipped. */
    private static List<Record> records(String text, String source) {
        List<Record> out = new ArrayList<>();
        Splitter s = new Splitter(text.replace("\r\n", "\n"), source);
        while (s.hasMore()) {
            Record r = s.next();
            if (!(r.fields().size() == 1 && r.fields().getFirst().isEmpty())) {
                out.add(r);
            }
        }
        return out;
    }

    /** A cursor over CSV text that returns one record at a time. */
    private static final class Splitter {
        private final String text;
        private final String source;
        private int pos;
        private int line = 1;

        Splitter(String text, String source) {
            this.text = text;
            this.source = source;
        }

        boolean hasMore() {
            return pos < text.length();
        }

        Record next() {
            int start = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                fields.add(text.startsWith("\"", pos) ? quoted(start) : plain());
                if (pos >= text.length() || text.charAt(pos) == '\n') {
                    pos++;
                    line++;
                    return new Record(start, fields);
                }
                pos++; // the comma
            }
        }

        private String plain() {
            int end = pos;
            while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '\n') {
                if (text.charAt(end) == '"') {
                    throw new IllegalArgumentException(source + ":" + line + ": stray quote inside an unquoted field");
                }
                end++;
            }
            String s = text.substring(pos, end);
            pos = end;
            return s;
        }

        private String quoted(int start) {
            StringBuilder b = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw new IllegalArgumentException(source + ":" + start + ": unterminated quoted field");
                }
                char c = text.charAt(pos++);
                if (c == '"' && text.startsWith("\"", pos)) {
                    b.append('"');
                    pos++;
                } else if (c == '"') {
                    break;
                } else {
                    line += c == '\n' ? 1 : 0;
                    b.append(c);
                }
            }
            if (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '\n') {
                throw new IllegalArgumentException(source + ":" + line + ": text after a closing quote");
            }
            return b.toString();
        }
    }
}
