package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.aetherdb.io.FileIO;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.NioFileIO;

/** Options and file helpers shared by the tests: small pages, small log segments, no timed checkpoints. */
final class TestDb {
    /** Small pages so that a few hundred keys already split and merge pages. */
    static final int PAGE = 4096;
    /** Where in-memory databases live. */
    static final Path MEM_DIR = Path.of("/mem/db");

    private TestDb() {}

    /** Test options on the given file system: 4 KiB pages, 1 MiB log segments, checkpoints only on demand or by log size. */
    static Options.Builder options(FileIO io) {
        return Options.builder()
                .pageSize(PAGE)
                .fileIO(io)
                .checkpointInterval(Duration.ZERO)
                .walSegmentSize(1 << 20)
                .checkpointLogBytes(1 << 20)
                .cacheSize(8L << 20);
    }

    static Options disk() {
        return options(NioFileIO.INSTANCE).build();
    }

    static Options mem(MemFileIO fs) {
        return options(fs).build();
    }

    /** A new in-memory file system holding an empty directory {@link #MEM_DIR}. */
    static MemFileIO newMem() {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(MEM_DIR);
        return fs;
    }

    static List<String> list(FileIO io, Path dir) {
        try {
            return io.list(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isLog(String name) {
        return name.endsWith(".log") || name.endsWith(".wal"); // wal-*.log segments and recycled spare-*.wal ones
    }

    /** The data file: the one file of the directory that is neither a log segment (*.log) nor the lock file. */
    static String dataFileName(FileIO io, Path dir) {
        List<String> others = list(io, dir).stream().filter(n -> !isLog(n) && !n.equals("LOCK")).toList();
        assertEquals(1, others.size(), "expected exactly one data file besides wal-*.log and LOCK in " + list(io, dir));
        return others.get(0);
    }

    static List<String> logFileNames(FileIO io, Path dir) {
        return list(io, dir).stream().filter(TestDb::isLog).toList();
    }

    /** Runs {@link AetherDB#verify} on the closed database and fails with its report unless it is OK. */
    static VerifyReport assertVerifyOk(Path dir, Options options, String context) {
        VerifyReport report = AetherDB.verify(dir, options, done -> { });
        if (!report.isOk()) {
            fail(context + ": verify found problems: " + report);
        }
        assertTrue(report.pagesChecked() > 0, context + ": verify checked no page: " + report);
        return report;
    }

    /** Closes quietly for cleanup paths where the test already failed or expects the instance broken. */
    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception | AssertionError ignored) {
            // cleanup only
        }
    }
}
