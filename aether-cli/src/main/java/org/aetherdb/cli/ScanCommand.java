package org.aetherdb.cli;

import java.io.PrintWriter;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aether scan DIR}: prints entries in key order, one per line. */
@Command(name = "scan",
        description = {"Print entries in key order, one per line: KEY<TAB>VALUE.",
                "Text output shows a backslash as \\\\ and any byte that is not printable UTF-8 as \\xNN, "
                        + "so every entry stays on one line (load reads this form back)."})
final class ScanCommand extends DbCommand {
    @Option(names = "--from", paramLabel = "KEY", description = "Start at KEY (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "Stop before KEY (exclusive).")
    String to;

    @Option(names = "--prefix", paramLabel = "P", description = "Only keys starting with P.")
    String prefix;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N entries.")
    Long limit;

    @Option(names = "--reverse", description = "Descending key order (from the upper end of the range down).")
    boolean reverse;

    @Option(names = "--keys-only", description = "Print keys only.")
    boolean keysOnly;

    @Mixin
    HexOption hex;

    @Override
    public Integer call() {
        Encoding enc = hex.encoding(cli);
        KeyRange range = KeyRange.of(bound(enc, "--from", from), bound(enc, "--to", to), bound(enc, "--prefix", prefix));
        if (limit != null && limit < 0) {
            throw usage("--limit must not be negative: " + limit);
        }
        PrintWriter out = out();
        try (AetherDB db = openExisting(options(null, null).readOnly(true));
             Cursor cursor = db.newCursor()) {
            long[] printed = {0};
            range.walk(cursor, reverse, limit == null ? Long.MAX_VALUE : limit, !keysOnly, (k, v) -> {
                out.println(keysOnly ? enc.format(k) : enc.format(k) + "\t" + enc.format(v));
                // PrintWriter swallows I/O errors; stop when the reader is gone (e.g. piped into head).
                return ++printed[0] % 1024 != 0 || !out.checkError();
            });
        }
        return Exit.OK;
    }

    private byte[] bound(Encoding enc, String option, String arg) {
        return arg == null ? null : decode(enc, option, arg);
    }
}
