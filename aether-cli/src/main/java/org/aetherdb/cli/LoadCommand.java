package org.aetherdb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import org.aetherdb.AetherDB;
import org.aetherdb.WriteBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aether load DIR FILE}: bulk import of {@code key<TAB>value} lines, committed in write
 * batches. A malformed line stops the load (exit 2) after committing everything before it, so a
 * fixed file can be loaded again from that line on; {@code --skip-bad} reports and skips instead.
 */
@Command(name = "load",
        description = {"Import KEY<TAB>VALUE lines from FILE ('-' for stdin), committing every --batch entries.",
                "text format: bytes as they are, except the escapes scan prints (\\\\, \\xNN, \\t, \\n); "
                        + "the key ends at the first TAB.",
                "hex format: both sides are hex.",
                "A malformed line stops the load with exit code 2; the entries before it stay committed."})
final class LoadCommand extends DbCommand {
    enum Format { TEXT, HEX }

    private record Entry(byte[] key, byte[] value) {}

    @Parameters(index = "1", paramLabel = "FILE", description = "Input file, or - for stdin.")
    String file;

    @Option(names = "--format", paramLabel = "text|hex", defaultValue = "TEXT",
            description = "Line format: text (default) or hex.")
    Format format;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Entries per committed write batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--skip-bad", description = "Report malformed lines on stderr and go on.")
    boolean skipBad;

    @Mixin
    WriteOptions write;

    @Mixin
    CreateOptions create;

    @Mixin
    ProgressOption progress;

    private long committed;
    private long skipped;

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1) {
            throw usage("--batch must be at least 1: " + batchSize);
        }
        long size = inputSize();
        long started = System.nanoTime();
        Integer failed;
        try (AetherDB db = open(options(write, create), create.create);
             LineReader lines = new LineReader(input())) {
            ProgressBar bar = progress.start(cli, "load", size, "MiB", 1 << 20);
            try {
                failed = load(db, lines, bar);
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        }
        if (failed != null) {
            return failed;
        }
        printSummary(System.nanoTime() - started);
        return Exit.OK;
    }

    /** Loads every line; returns null when done, or an exit code after reporting a malformed line. */
    private Integer load(AetherDB db, LineReader lines, ProgressBar bar) throws IOException {
        WriteBatch batch = new WriteBatch();
        long lineNo = 0;
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            lineNo++;
            if (line.length == 0) {
                continue;
            }
            Entry e;
            try {
                e = parse(line, db.maxKeySize());
            } catch (IllegalArgumentException bad) {
                if (!skipBad) {
                    commit(db, batch);
                    reportStop(lineNo, bad.getMessage());
                    return Exit.USAGE;
                }
                err().println("aether: " + source() + " line " + lineNo + " skipped: " + bad.getMessage());
                skipped++;
                continue;
            }
            batch.put(e.key, e.value);
            if (batch.size() >= batchSize) {
                commit(db, batch);
                if (bar != null) {
                    bar.stepTo(lines.bytesRead());
                }
            }
        }
        commit(db, batch);
        if (bar != null) {
            bar.stepTo(lines.bytesRead());
        }
        return null;
    }

    private void commit(AetherDB db, WriteBatch batch) {
        db.write(batch);
        committed += batch.size();
        batch.clear();
    }

    /**
     * One line: key, TAB, value.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    private Entry parse(byte[] line, int maxKeySize) {
        int tab = indexOfTab(line);
        if (tab < 0) {
            throw new IllegalArgumentException("no TAB between key and value");
        }
        byte[] key = side(line, 0, tab, "key");
        byte[] value = side(line, tab + 1, line.length, "value");
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        if (key.length > maxKeySize) {
            throw new IllegalArgumentException("key is " + key.length + " bytes, the limit is " + maxKeySize);
        }
        return new Entry(key, value);
    }

    private byte[] side(byte[] line, int from, int to, String what) {
        try {
            return format == Format.HEX
                    ? Bytes.fromHex(new String(line, from, to - from, StandardCharsets.ISO_8859_1))
                    : Bytes.unescape(line, from, to);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static int indexOfTab(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\t') {
                return i;
            }
        }
        return -1;
    }

    private void reportStop(long lineNo, String problem) {
        err().println("aether: " + source() + " line " + lineNo + ": " + problem + "; load stopped. "
                + "The " + committed + " entries before line " + lineNo + " were committed, nothing after it"
                + " (--skip-bad skips malformed lines).");
    }

    private void printSummary(long nanos) {
        double seconds = nanos / 1e9;
        long rate = seconds > 0 ? Math.round(committed / seconds) : committed;
        out().printf("loaded %d %s in %.2f s (%d entries/s)%s%n", committed, committed == 1 ? "entry" : "entries", seconds, rate,
                skipped == 0 ? "" : ", skipped " + skipped + " malformed line" + (skipped == 1 ? "" : "s"));
    }

    private String source() {
        return isStdin() ? "stdin" : file;
    }

    private boolean isStdin() {
        return file.equals("-");
    }

    /** Size of the input for the progress bar (-1 for stdin); a missing file is a usage error. */
    private long inputSize() {
        if (isStdin()) {
            return -1;
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw usage("cannot read FILE " + file + (Files.exists(path) ? "" : ": no such file"));
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream input() throws IOException {
        return isStdin() ? nonClosing(cli.stdin()) : Files.newInputStream(Path.of(file));
    }

    /** stdin belongs to the process (or to the test that injected it), not to this command. */
    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {}
        };
    }
}
