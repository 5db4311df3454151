package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Superblock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of format version 1 (checked in under test resources {@code
 * org/aetherdb/format-v1-db}, made by the program in its README.md before values could live in
 * the log, with log records after its checkpoint) opens with this build, reads back every entry,
 * takes values into the log, and is version 2 after its first checkpoint.
 */
class FormatUpgradeTest {
    private static final String[] FILES = {"data.aedb", "wal-00000000000000f4.log", "spare-0.wal"};

    /** The fixture's generator (README.md): {@code n} bytes of a pattern seeded by {@code seed}. */
    private static byte[] value(int seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (seed * 31 + i) % 26);
        }
        return b;
    }

    private static byte[] key(String s) {
        return org.aetherdb.Bytes.utf8(s);
    }

    /** What the fixture holds once its log is replayed. */
    private static NavigableMap<byte[], byte[]> expected() {
        NavigableMap<byte[], byte[]> m = org.aetherdb.Bytes.newModel();
        for (int i = 0; i < 300; i++) {
            m.put(key(String.format("k%04d", i)), value(i, i % 3 == 0 ? 600 : 40));
        }
        m.put(key("big"), value(7, 20000));
        m.remove(key("k0005"));
        for (int i = 300; i < 340; i++) {
            m.put(key(String.format("k%04d", i)), value(i, 700));
        }
        m.put(key("k0001"), value(99, 900));
        m.put(key("big2"), value(8, 9000));
        m.remove(key("k0002"));
        return m;
    }

    private static Path copyFixture(Path tmp) throws IOException {
        Path dir = tmp.resolve("v1");
        Files.createDirectories(dir);
        for (String f : FILES) {
            try (InputStream in = FormatUpgradeTest.class.getResourceAsStream("format-v1-db/" + f)) {
                assertTrue(in != null, "fixture file " + f + " missing from the test resources");
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    private static int versionOfNewestSuperblock(Path dir) throws IOException {
        byte[] data = Files.readAllBytes(dir.resolve("data.aedb"));
        int best = -1;
        long generation = -1;
        for (int slot = 0; slot < 2; slot++) {
            int at = slot * Superblock.SLOT_SIZE;
            long g = Bytes.getLong(data, at + 16);
            if (Bytes.getInt(data, at) == Superblock.MAGIC && g > generation) {
                generation = g;
                best = Bytes.getInt(data, at + 4);
            }
        }
        return best;
    }

    @Test
    void aVersionOneDatabaseOpensReadsBackAndIsUpgradedByItsFirstCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = copyFixture(tmp);
        assertEquals(1, versionOfNewestSuperblock(dir), "the fixture is of format version 1");
        VerifyReport before = AetherDB.verify(dir, Options.defaults(), done -> { });
        assertTrue(before.isOk(), "this build verifies a version 1 database: " + before);

        NavigableMap<byte[], byte[]> model = expected();
        try (AetherDB db = AetherDB.open(dir, Options.defaults())) { // its page size (4 KiB) is adopted
            DbAssert.assertDb("version 1 database after replay", model, db);
            for (int i = 0; i < 100; i++) {
                byte[] k = key(String.format("new%03d", i));
                byte[] v = value(1000 + i, 4096);
                db.put(k, v);
                model.put(k, v);
            }
            byte[] overwritten = value(5, 1000);
            db.put(key("k0003"), overwritten); // a version 1 inline value replaced by a logged one
            model.put(key("k0003"), overwritten);
            assertTrue(db.stats().logValueBytes() > 0, "new large values went to the log");
        }
        assertEquals(Superblock.FORMAT_VERSION, versionOfNewestSuperblock(dir), "the close's checkpoint wrote the new version");
        TestDb.assertVerifyOk(dir, Options.defaults(), "after the upgrade");
        try (AetherDB db = AetherDB.open(dir, Options.defaults())) {
            DbAssert.assertDb("upgraded database reopened", model, db);
        }
    }

    @Test
    void aReadOnlyOpenLeavesAVersionOneDatabaseAsItIs(@TempDir Path tmp) throws IOException {
        Path dir = copyFixture(tmp);
        byte[] data = Files.readAllBytes(dir.resolve("data.aedb"));
        try (AetherDB db = AetherDB.open(dir, Options.builder().readOnly(true).build())) {
            DbAssert.assertDb("version 1 database read-only", expected(), db);
        }
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(dir.resolve("data.aedb"))), "read-only open wrote the data file");
        assertEquals(1, versionOfNewestSuperblock(dir));
    }
}
