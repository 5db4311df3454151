package org.aetherdb.cli;

import java.util.Map;
import java.util.StringJoiner;
import org.aetherdb.AetherDB;
import org.aetherdb.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aether stats DIR}: the database's counters, one {@code name: value} per line or as JSON. */
@Command(name = "stats",
        description = "Print the database's counters as 'name: value' lines (or one JSON object).")
final class StatsCommand extends DbCommand {
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Stats stats;
        try (AetherDB db = openExisting(options(null, null).readOnly(true))) {
            stats = db.stats();
        }
        out().println(json ? toJson(stats.asMap()) : toLines(stats.asMap()));
        return Exit.OK;
    }

    static String toLines(Map<String, Object> counters) {
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        counters.forEach((name, value) -> lines.add(name + ": " + value));
        return lines.toString();
    }

    /** Names are Java identifiers and values numbers, so no escaping is needed. */
    static String toJson(Map<String, Object> counters) {
        StringJoiner json = new StringJoiner(", ", "{", "}");
        counters.forEach((name, value) -> json.add("\"" + name + "\": " + value));
        return json.toString();
    }
}
