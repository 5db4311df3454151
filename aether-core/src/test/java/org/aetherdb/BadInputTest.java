package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misuse and hostile input: null and out-of-range arguments, use after close of every object,
 * transactions used after they ended, directories that are not databases, a file where a
 * directory should be, page-size mismatch, read-only opening, and a second open of the same
 * directory from this JVM and from another process.
 */
class BadInputTest {
    private static final byte[] K = Bytes.utf8("key");
    private static final byte[] V = Bytes.utf8("value");

    @TempDir
    Path tmp;
    private AetherDB db;

    @AfterEach
    void closeDb() {
        TestDb.closeQuietly(db);
    }

    private AetherDB openMem() {
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(TestDb.newMem()));
        return db;
    }

    /** Null must be rejected with NPE or IAE whose message names the argument. */
    private static void assertRejectsNull(String argument, String call, Executable e) {
        Throwable t = assertThrows(Throwable.class, e, call);
        if (!(t instanceof NullPointerException || t instanceof IllegalArgumentException)) {
            fail(call + ": expected NullPointerException or IllegalArgumentException, got " + t, t);
        }
        assertTrue(t.getMessage() != null && t.getMessage().contains(argument),
                call + ": the message should name '" + argument + "': " + t.getMessage());
    }

    @Test
    void walSegmentSizeOutsideItsRangeIsRejectedWithTheRange() {
        for (long bad : new long[] {0, (64L << 10) - 1, (1L << 30) + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.builder().walSegmentSize(bad));
            assertTrue(e.getMessage().contains("from 64 KiB to 1 GiB"), e.getMessage());
        }
        assertEquals(64L << 10, Options.builder().walSegmentSize(64L << 10).build().walSegmentSize());
        assertEquals(1L << 30, Options.builder().walSegmentSize(1L << 30).build().walSegmentSize());
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        openMem();
        db.put(K, V);
        assertRejectsNull("key", "get(null)", () -> db.get(null));
        assertRejectsNull("key", "put(null, v)", () -> db.put(null, V));
        assertRejectsNull("value", "put(k, null)", () -> db.put(K, null));
        assertRejectsNull("key", "delete(null)", () -> db.delete(null));
        assertRejectsNull("batch", "write(null)", () -> db.write(null));
        assertRejectsNull("key", "WriteBatch.put(null, v)", () -> new WriteBatch().put(null, V));
        assertRejectsNull("value", "WriteBatch.put(k, null)", () -> new WriteBatch().put(K, null));
        assertRejectsNull("key", "WriteBatch.delete(null)", () -> new WriteBatch().delete(null));
        assertRejectsNull("dir", "open(null)", () -> AetherDB.open(null));
        assertRejectsNull("options", "open(dir, null)", () -> AetherDB.open(tmp.resolve("x"), null));
        try (Cursor c = db.newCursor()) {
            assertRejectsNull("key", "cursor.seek(null)", () -> c.seek(null));
            assertRejectsNull("key", "cursor.seekForPrev(null)", () -> c.seekForPrev(null));
        }
        try (Snapshot s = db.snapshot()) {
            assertRejectsNull("key", "snapshot.get(null)", () -> s.get(null));
        }
        try (Transaction tx = db.begin()) {
            assertRejectsNull("key", "tx.get(null)", () -> tx.get(null));
            assertRejectsNull("key", "tx.put(null, v)", () -> tx.put(null, V));
            assertRejectsNull("value", "tx.put(k, null)", () -> tx.put(K, null));
            assertRejectsNull("key", "tx.delete(null)", () -> tx.delete(null));
            tx.commit();
        }
        DbAssert.assertValue("nothing changed by rejected calls", V, db.get(K));
    }

    @Test
    void emptyAndOverlongKeysAreRejectedOnWrites() {
        openMem();
        assertEquals(TestDb.PAGE / 8, db.maxKeySize());
        byte[] empty = new byte[0];
        byte[] longest = Bytes.pattern(1, db.maxKeySize());
        byte[] tooLong = Bytes.pattern(2, db.maxKeySize() + 1);
        for (byte[] bad : List.of(empty, tooLong)) {
            String what = bad.length == 0 ? "empty key" : "key of maxKeySize()+1 bytes";
            assertThrows(IllegalArgumentException.class, () -> db.put(bad, V), "put with " + what);
            assertThrows(IllegalArgumentException.class, () -> db.delete(bad), "delete with " + what);
            assertThrows(IllegalArgumentException.class, () -> db.write(new WriteBatch().put(K, V).put(bad, V)),
                    "batch with " + what);
            try (Transaction tx = db.begin()) {
                assertThrows(IllegalArgumentException.class, () -> tx.put(bad, V), "tx.put with " + what);
                assertThrows(IllegalArgumentException.class, () -> tx.delete(bad), "tx.delete with " + what);
            }
            assertReadOfImpossibleKey(what, bad);
        }
        DbAssert.assertValue("a batch holding one bad key must apply nothing", null, db.get(K));
        db.put(longest, V);
        DbAssert.assertValue("key of exactly maxKeySize() bytes", V, db.get(longest));
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(memOf(db)));
        DbAssert.assertValue("longest key after reopen", V, db.get(longest));
    }

    private MemFileIO memOf(AetherDB d) {
        return (MemFileIO) d.options().fileIO();
    }

    /** Reads of a key that cannot be stored: IAE, or the answer for an absent key; nothing else. */
    private void assertReadOfImpossibleKey(String what, byte[] bad) {
        try {
            DbAssert.assertValue("get with " + what, null, db.get(bad));
        } catch (IllegalArgumentException expected) {
            // also acceptable
        }
        try (Cursor c = db.newCursor()) {
            c.seek(bad);
            c.isValid();
            c.seekForPrev(bad);
            c.isValid();
        } catch (IllegalArgumentException expected) {
            // also acceptable
        }
    }

    @Test
    void everyMethodThrowsDatabaseClosedAfterClose() {
        openMem();
        db.put(K, V);
        Cursor cursor = db.newCursor();
        cursor.seekToFirst();
        Snapshot snapshot = db.snapshot();
        Transaction tx = db.begin();
        Cursor txCursor = tx.newCursor();
        db.close();
        db.close(); // idempotent
        Map<String, Executable> calls = new HashMap<>();
        calls.put("get", () -> db.get(K));
        calls.put("put", () -> db.put(K, V));
        calls.put("delete", () -> db.delete(K));
        calls.put("write", () -> db.write(new WriteBatch().put(K, V)));
        calls.put("write(empty batch)", () -> db.write(new WriteBatch()));
        calls.put("snapshot", db::snapshot);
        calls.put("newCursor", db::newCursor);
        calls.put("begin", db::begin);
        calls.put("checkpoint", db::checkpoint);
        calls.put("stats", db::stats);
        calls.put("cursor.isValid", cursor::isValid);
        calls.put("cursor.seekToFirst", cursor::seekToFirst);
        calls.put("cursor.seekToLast", cursor::seekToLast);
        calls.put("cursor.seek", () -> cursor.seek(K));
        calls.put("cursor.seekForPrev", () -> cursor.seekForPrev(K));
        calls.put("cursor.next", cursor::next);
        calls.put("cursor.prev", cursor::prev);
        calls.put("cursor.key", cursor::key);
        calls.put("cursor.value", cursor::value);
        calls.put("snapshot.get", () -> snapshot.get(K));
        calls.put("snapshot.newCursor", snapshot::newCursor);
        calls.put("tx.get", () -> tx.get(K));
        calls.put("tx.put", () -> tx.put(K, V));
        calls.put("tx.delete", () -> tx.delete(K));
        calls.put("tx.newCursor", tx::newCursor);
        calls.put("tx.commit", tx::commit);
        calls.put("txCursor.seekToFirst", txCursor::seekToFirst);
        calls.put("txCursor.isValid", txCursor::isValid);
        calls.forEach((name, call) -> assertThrows(DatabaseClosedException.class, call, name + " after the database was closed"));
        cursor.close();
        snapshot.close();
        tx.close();
        txCursor.close();
    }

    @Test
    void closedCursorRefusesEveryMethod() {
        openMem();
        db.put(K, V);
        for (String source : List.of("database", "snapshot", "transaction")) {
            Snapshot s = db.snapshot();
            Transaction tx = db.begin();
            Cursor c = switch (source) {
                case "database" -> db.newCursor();
                case "snapshot" -> s.newCursor();
                default -> tx.newCursor();
            };
            c.seekToFirst();
            assertTrue(c.isValid());
            c.close();
            c.close(); // idempotent
            Map<String, Executable> calls = Map.of(
                    "isValid", c::isValid, "seekToFirst", c::seekToFirst, "seekToLast", c::seekToLast,
                    "seek", () -> c.seek(K), "seekForPrev", () -> c.seekForPrev(K), "next", c::next,
                    "prev", c::prev, "key", c::key, "value", c::value);
            calls.forEach((name, call) -> assertThrows(DatabaseClosedException.class, call,
                    "closed " + source + " cursor: " + name));
            tx.close();
            s.close();
        }
        Transaction tx = db.begin();
        Cursor c = tx.newCursor();
        tx.close();
        assertThrows(DatabaseClosedException.class, c::seekToFirst, "cursor of a closed transaction");
        c.close();
    }

    @Test
    void transactionUsedAfterItEnded() {
        openMem();
        db.put(K, V);
        for (String end : List.of("commit", "rollback", "close")) {
            Transaction tx = db.begin();
            tx.put(Bytes.utf8("tx-" + end), V);
            switch (end) {
                case "commit" -> tx.commit();
                case "rollback" -> tx.rollback();
                default -> tx.close();
            }
            Map<String, Executable> calls = Map.of(
                    "get", () -> tx.get(K), "put", () -> tx.put(K, V), "delete", () -> tx.delete(K),
                    "newCursor", tx::newCursor, "commit", tx::commit, "rollback", tx::rollback);
            calls.forEach((name, call) -> assertThrows(IllegalStateException.class, call,
                    "transaction." + name + " after " + end));
            tx.close();
            tx.close();
        }
        DbAssert.assertValue("committed transaction write", V, db.get(Bytes.utf8("tx-commit")));
        DbAssert.assertValue("rolled back transaction write", null, db.get(Bytes.utf8("tx-rollback")));
        DbAssert.assertValue("closed (abandoned) transaction write", null, db.get(Bytes.utf8("tx-close")));
        DbAssert.assertValue("the rejected put after commit changed nothing", V, db.get(K));
    }

    @Test
    void emptyDirectoryWithoutCreateIsIncompatible() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Options noCreate = TestDb.options(org.aetherdb.io.NioFileIO.INSTANCE).createIfMissing(false).build();
        assertThrows(IncompatibleFormatException.class, () -> AetherDB.open(empty, noCreate), "empty directory, createIfMissing(false)");
        assertThrows(IncompatibleFormatException.class, () -> AetherDB.open(tmp.resolve("missing"), noCreate),
                "missing directory, createIfMissing(false)");
        assertFalse(Files.exists(tmp.resolve("missing")), "a failed open must not create the directory");
        assertEquals(List.of(), listing(empty), "an open refused with createIfMissing(false) must not leave files behind");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void directoryOfGarbageFilesNamedLikeOursIsRejected() throws IOException {
        Path real = tmp.resolve("real");
        try (AetherDB d = AetherDB.open(real, TestDb.disk())) {
            for (int i = 0; i < 200; i++) {
                d.put(Bytes.utf8("k" + i), Bytes.pattern(i, 100));
            }
        }
        List<String> names = listing(real);
        Random r = new Random(77);
        for (int variant = 0; variant < 5; variant++) {
            Path fake = Files.createDirectory(tmp.resolve("fake" + variant));
            for (String name : names) {
                if (name.equals("LOCK")) {
                    continue;
                }
                long realSize = Files.size(real.resolve(name));
                int size = switch (variant) {
                    case 0 -> (int) Math.min(realSize, 1 << 20);
                    case 1 -> 4096 * 3;
                    case 2 -> 100;
                    case 3 -> 8192 + r.nextInt(8192);
                    default -> 1 + r.nextInt(1 << 16);
                };
                byte[] bytes = Bytes.pattern(r.nextLong(), size);
                Files.write(fake.resolve(name), bytes);
            }
            int v = variant;
            Options options = TestDb.disk();
            Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (AetherDB d = AetherDB.open(fake, options)) {
                    return (Throwable) null;
                } catch (Throwable e) {
                    return e;
                }
            }, "open of garbage variant " + v);
            if (!(t instanceof CorruptionException || t instanceof IncompatibleFormatException)) {
                fail("directory of garbage files " + names + " (variant " + v
                        + "): expected CorruptionException or IncompatibleFormatException, got " + t, t);
            }
        }
    }

    /**
     * Empty or zero-filled files named like ours look like a creation that crashed before anything
     * was made durable: the open may start a fresh database or refuse; it must not invent data.
     */
    @Test
    void emptyOrZeroFilledFilesNamedLikeOurs() throws IOException {
        Path real = tmp.resolve("real");
        try (AetherDB d = AetherDB.open(real, TestDb.disk())) {
            d.put(K, V);
        }
        List<String> names = listing(real);
        for (boolean zeroFilled : List.of(false, true)) {
            Path fake = Files.createDirectory(tmp.resolve(zeroFilled ? "zeros" : "empty-files"));
            for (String name : names) {
                Files.write(fake.resolve(name), new byte[zeroFilled ? (int) Math.min(Files.size(real.resolve(name)), 1 << 20) : 0]);
            }
            Options options = TestDb.disk();
            Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (AetherDB d = AetherDB.open(fake, options)) {
                    try (Cursor c = d.newCursor()) {
                        c.seekToFirst();
                        assertFalse(c.isValid(), "a database opened from empty files must be empty");
                    }
                    d.put(K, V);
                    DbAssert.assertValue("fresh database works", V, d.get(K));
                    return (Throwable) null;
                } catch (AetherException e) {
                    return e;
                }
            });
            if (t == null) {
                TestDb.assertVerifyOk(fake, options, "database started over " + (zeroFilled ? "zero-filled" : "empty") + " files");
            } else if (!(t instanceof CorruptionException || t instanceof IncompatibleFormatException)) {
                fail((zeroFilled ? "zero-filled" : "empty") + " files: expected a fresh database, CorruptionException or "
                        + "IncompatibleFormatException, got " + t, t);
            }
        }
    }

    @Test
    void fileInsteadOfDirectory() throws IOException {
        Path file = tmp.resolve("plain-file");
        byte[] content = Bytes.utf8("not a database");
        Files.write(file, content);
        Throwable t = assertThrows(Throwable.class, () -> AetherDB.open(file, TestDb.disk()));
        assertTrue(t instanceof AetherException, "open of a plain file: expected an AetherException, got " + t);
        assertArrayEquals(content, Files.readAllBytes(file), "the file must be left unchanged");
    }

    @Test
    void explicitPageSizeMismatchIsIncompatibleAndStoredSizeIsAdopted() {
        MemFileIO fs = TestDb.newMem();
        try (AetherDB d = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs))) {
            d.put(K, V);
        }
        Options other = Options.builder().fileIO(fs).pageSize(8192).build();
        assertThrows(IncompatibleFormatException.class, () -> AetherDB.open(TestDb.MEM_DIR, other), "page size 8192 on a 4096 database");
        try (AetherDB d = AetherDB.open(TestDb.MEM_DIR, Options.builder().fileIO(fs).build())) {
            assertEquals(TestDb.PAGE, d.options().pageSize(), "options report the stored page size");
            assertEquals(TestDb.PAGE / 8, d.maxKeySize(), "key limit follows the stored page size");
            DbAssert.assertValue("data readable with adopted page size", V, d.get(K));
        }
    }

    @Test
    void readOnlyInstanceReadsAndRefusesWritesWithoutChangingFiles() throws IOException {
        MemFileIO fs = TestDb.newMem();
        AetherDB w = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        w.put(K, V);
        w.checkpoint();
        w.put(Bytes.utf8("after-checkpoint"), V); // only in the log
        MemFileIO crashed = fs.processCrash(); // needs replay
        w.close();
        Map<String, byte[]> before = contents(crashed);
        try (AetherDB ro = AetherDB.open(TestDb.MEM_DIR, TestDb.options(crashed).readOnly(true).build())) {
            DbAssert.assertValue("read-only get", V, ro.get(K));
            DbAssert.assertValue("read-only sees log replayed in memory", V, ro.get(Bytes.utf8("after-checkpoint")));
            assertThrows(ReadOnlyException.class, () -> ro.put(K, V), "put on a read-only instance");
            assertThrows(ReadOnlyException.class, () -> ro.delete(K), "delete on a read-only instance");
            assertThrows(ReadOnlyException.class, () -> ro.write(new WriteBatch().put(K, V)), "write on a read-only instance");
            try (Transaction tx = ro.begin()) {
                tx.put(K, Bytes.utf8("x"));
                assertThrows(ReadOnlyException.class, tx::commit, "transaction commit on a read-only instance");
            }
        }
        Map<String, byte[]> after = contents(crashed);
        assertEquals(before.keySet(), after.keySet(), "read-only open must not create or delete files");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), "read-only open changed " + name));
    }

    private static Map<String, byte[]> contents(MemFileIO fs) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        for (String name : fs.list(TestDb.MEM_DIR)) {
            out.put(name, fs.contents(TestDb.MEM_DIR.resolve(name)));
        }
        return out;
    }

    @Test
    void secondOpenInSameJvmIsLockedAndFirstKeepsWorking() {
        Path dir = tmp.resolve("db");
        Options options = TestDb.disk();
        db = AetherDB.open(dir, options);
        db.put(K, V);
        for (int i = 0; i < 3; i++) {
            assertThrows(DatabaseLockedException.class, () -> AetherDB.open(dir, options), "second open #" + i);
            assertThrows(DatabaseLockedException.class, () -> AetherDB.open(dir.resolve(".").resolve("..").resolve("db"), options),
                    "second open through another spelling of the path #" + i);
            assertThrows(DatabaseLockedException.class, () -> AetherDB.verify(dir), "verify while open #" + i);
            db.put(Bytes.utf8("after-second-open-" + i), V); // the first instance still owns the directory
        }
        DbAssert.assertValue("first instance reads", V, db.get(K));
        db.checkpoint();
        db.close();
        db = AetherDB.open(dir, options);
        for (int i = 0; i < 3; i++) {
            DbAssert.assertValue("write of the first instance after a refused second open", V, db.get(Bytes.utf8("after-second-open-" + i)));
        }
        db.close();
        TestDb.assertVerifyOk(dir, options, "after lock test");
    }

    @Test
    void secondOpenOnSameMemFileSystemIsLocked() {
        MemFileIO fs = TestDb.newMem();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        assertThrows(DatabaseLockedException.class, () -> AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs)));
        db.put(K, V);
        db.close();
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        DbAssert.assertValue("after reopen", V, db.get(K));
    }

    @Test
    void secondOpenFromAnotherProcessIsLocked() throws Exception {
        Path dir = tmp.resolve("shared");
        db = AetherDB.open(dir, TestDb.disk());
        db.put(K, V);
        String whileOpen = probe(dir);
        assertTrue(whileOpen.startsWith("FAILED " + DatabaseLockedException.class.getName()),
                "open from another process while this one has it open: " + whileOpen);
        db.put(Bytes.utf8("still-mine"), V);
        DbAssert.assertValue("first instance still works after the other process tried", V, db.get(Bytes.utf8("still-mine")));
        db.close();
        String afterClose = probe(dir);
        assertEquals("OPENED", afterClose, "open from another process after this one closed");
    }

    private static String probe(Path dir) throws Exception {
        Process p = ChildJvm.start(LockProbe.class, dir.toString());
        String line;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = in.readLine();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("lock probe did not finish");
        }
        return String.valueOf(line);
    }
}
