package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.function.Function;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cursor semantics (RocksDB-style): both directions across page boundaries, seek / seekForPrev
 * on present and absent keys, running off either end, direction changes, the empty database,
 * views fixed at creation, and a transaction's cursor merging its buffered writes and deletes.
 */
class CursorTest {
    private static final long SEED = 0xC0FFEEL;
    private final MemFileIO fs = TestDb.newMem();
    private AetherDB db;

    @AfterEach
    void closeDb() {
        TestDb.closeQuietly(db);
    }

    private AetherDB openMem() {
        db = AetherDB.open(TestDb.MEM_DIR, TestDb.mem(fs));
        return db;
    }

    /** "k00000" .. with even numbers only, so every odd number is an absent key between two present ones. */
    private static byte[] num(int i) {
        return Bytes.utf8(String.format("k%05d", i));
    }

    private static byte[] valueFor(int i) {
        return Bytes.pattern(i, i % 17 == 0 ? 1400 : i % 5);
    }

    private NavigableMap<byte[], byte[]> loadEven(AetherDB db, int count) {
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < count * 2; i += 2) {
            b.put(num(i), valueFor(i));
            model.put(num(i), valueFor(i));
            if (b.size() == 200) {
                db.write(b);
                b = new WriteBatch();
            }
        }
        db.write(b);
        return model;
    }

    @Test
    void emptyDatabaseHasNoPosition() {
        openMem();
        try (Cursor c = db.newCursor()) {
            DbAssert.assertInvalid("new cursor", c);
            c.seekToFirst();
            DbAssert.assertInvalid("seekToFirst on empty", c);
            c.seekToLast();
            DbAssert.assertInvalid("seekToLast on empty", c);
            c.seek(Bytes.utf8("m"));
            DbAssert.assertInvalid("seek on empty", c);
            c.seekForPrev(Bytes.utf8("m"));
            DbAssert.assertInvalid("seekForPrev on empty", c);
        }
        db.put(Bytes.utf8("only"), Bytes.utf8("v"));
        db.delete(Bytes.utf8("only"));
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            DbAssert.assertInvalid("seekToFirst after the only key was deleted", c);
            c.seekToLast();
            DbAssert.assertInvalid("seekToLast after the only key was deleted", c);
        }
    }

    @ParameterizedTest(name = "disk={0}")
    @ValueSource(booleans = {false, true})
    void fullScansAndRandomWalksAcrossManyPages(boolean disk, @TempDir Path tmp) {
        Path dir = disk ? tmp.resolve("db") : TestDb.MEM_DIR;
        Options options = disk ? TestDb.disk() : TestDb.mem(fs);
        db = AetherDB.open(dir, options);
        Random r = new Random(SEED);
        KeySpace keys = new KeySpace(SEED, 3000, db.maxKeySize());
        ValueGen values = new ValueGen(TestDb.PAGE, 0);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        WriteBatch b = new WriteBatch();
        for (int id = 0; id < keys.size(); id++) {
            byte[] v = values.next(r);
            b.put(keys.key(id), v);
            model.put(keys.key(id), v);
            if (b.size() == 300) {
                db.write(b);
                b = new WriteBatch();
            }
        }
        db.write(b);
        assertTrue(db.stats().treeHeight() >= 2, "3000 keys on 4 KiB pages must need more than one level: " + db.stats());
        DbAssert.assertContents("after load", model, db::newCursor);
        try (Cursor c = db.newCursor()) {
            CursorWalk.run("walk after load (seed " + SEED + ")", model, c, r, 4000, keys::probe);
        }
        // Thin the tree out so pages merge, then walk again from a reopened (uncached) database.
        for (int id = 0; id < keys.size(); id++) {
            if (id % 7 != 0 || (id > 1000 && id < 2200)) {
                db.delete(keys.key(id));
                model.remove(keys.key(id));
            }
        }
        db.close();
        db = AetherDB.open(dir, options);
        DbAssert.assertContents("after deletes and reopen", model, db::newCursor);
        try (Cursor c = db.newCursor()) {
            CursorWalk.run("walk after deletes (seed " + SEED + ")", model, c, r, 4000, keys::probe);
        }
    }

    @Test
    void seekAndSeekForPrevOnPresentAndAbsentKeys() {
        openMem();
        int count = 1500;
        NavigableMap<byte[], byte[]> model = loadEven(db, count);
        try (Cursor c = db.newCursor()) {
            for (int i = 0; i < count * 2; i++) {
                byte[] k = num(i);
                int atOrAfter = i % 2 == 0 ? i : i + 1;
                int atOrBefore = i % 2 == 0 ? i : i - 1;
                c.seek(k);
                if (atOrAfter < count * 2) {
                    assertAt(c, atOrAfter, "seek " + Bytes.show(k));
                } else {
                    DbAssert.assertInvalid("seek past the last key", c);
                }
                c.seekForPrev(k);
                assertAt(c, atOrBefore, "seekForPrev " + Bytes.show(k));
                // A key one byte longer sorts right after k; one byte shorter right before its family.
                byte[] longer = java.util.Arrays.copyOf(k, k.length + 1);
                c.seekForPrev(longer);
                assertAt(c, atOrBefore, "seekForPrev " + Bytes.show(longer));
                c.seek(longer);
                int next = i % 2 == 0 ? i + 2 : i + 1;
                if (next < count * 2) {
                    assertAt(c, next, "seek " + Bytes.show(longer));
                } else {
                    DbAssert.assertInvalid("seek " + Bytes.show(longer) + " past the last key", c);
                }
            }
            c.seek(Bytes.utf8("a"));
            assertAt(c, 0, "seek before the first key");
            c.seekForPrev(Bytes.utf8("a"));
            DbAssert.assertInvalid("seekForPrev before the first key", c);
            c.seek(new byte[] {0x00});
            assertAt(c, 0, "seek of 0x00");
            c.seekForPrev(Bytes.utf8("z"));
            assertAt(c, count * 2 - 2, "seekForPrev after the last key");
            c.seek(Bytes.utf8("z"));
            DbAssert.assertInvalid("seek after the last key", c);
            c.seekForPrev(new byte[] {(byte) 0xff, (byte) 0xff});
            assertAt(c, count * 2 - 2, "seekForPrev of 0xffff");
        }
        assertEquals(count, model.size());
    }

    private static void assertAt(Cursor c, int i, String context) {
        assertTrue(c.isValid(), context + ": cursor should be at " + Bytes.show(num(i)) + " but is invalid");
        DbAssert.assertValue(context + ": key", num(i), c.key());
        DbAssert.assertValue(context + ": value", valueFor(i), c.value());
    }

    @Test
    void runningOffEitherEndAndComingBack() {
        openMem();
        int count = 800;
        loadEven(db, count);
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            assertAt(c, 0, "seekToFirst");
            c.prev();
            DbAssert.assertInvalid("prev before the first entry", c);
            c.seekToLast();
            assertAt(c, count * 2 - 2, "seekToLast");
            c.next();
            DbAssert.assertInvalid("next after the last entry", c);
            c.seek(num(10));
            assertAt(c, 10, "seek after running off the end");
            // Walk the whole way back and then the whole way forward again.
            c.seekToLast();
            for (int i = count * 2 - 2; i >= 0; i -= 2) {
                assertAt(c, i, "backward walk");
                c.prev();
            }
            DbAssert.assertInvalid("after backward walk", c);
            c.seekToFirst();
            for (int i = 0; i < count * 2; i += 2) {
                assertAt(c, i, "forward walk");
                c.next();
            }
            DbAssert.assertInvalid("after forward walk", c);
        }
    }

    @Test
    void directionChangesAtEveryPosition() {
        openMem();
        int count = 1200;
        loadEven(db, count);
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            for (int i = 0; i < count * 2; i += 2) {
                assertAt(c, i, "forward");
                if (i > 0) {
                    c.prev();
                    assertAt(c, i - 2, "prev after next at " + i);
                    c.next();
                    assertAt(c, i, "next after prev at " + i);
                }
                c.next();
                if (i + 2 < count * 2) {
                    assertAt(c, i + 2, "next at " + i);
                    c.prev();
                    assertAt(c, i, "prev after next at " + i);
                    c.next();
                }
            }
            DbAssert.assertInvalid("end", c);
            // Zig-zag backward: two back, one forward.
            c.seekToLast();
            int at = count * 2 - 2;
            while (at >= 4) {
                c.prev();
                c.prev();
                c.next();
                at -= 2;
                assertAt(c, at, "zig-zag");
            }
        }
    }

    @Test
    void unsignedByteOrder() {
        openMem();
        byte[][] sorted = {
            {0x00}, {0x00, 0x00}, {0x00, (byte) 0xff}, {0x01}, {0x7f}, {0x7f, (byte) 0xff}, {(byte) 0x80},
            {(byte) 0x80, 0x00}, {(byte) 0xfe, (byte) 0xff, (byte) 0xff}, {(byte) 0xff}, {(byte) 0xff, 0x00},
            {(byte) 0xff, (byte) 0xff, (byte) 0xff},
        };
        for (int i = sorted.length - 1; i >= 0; i--) {
            db.put(sorted[i], new byte[] {(byte) i});
        }
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            for (int i = 0; i < sorted.length; i++) {
                assertTrue(c.isValid(), "entry " + i);
                assertArrayEquals(sorted[i], c.key(), "entry " + i + " in unsigned order");
                assertArrayEquals(new byte[] {(byte) i}, c.value());
                c.next();
            }
            assertFalse(c.isValid());
            c.seek(new byte[] {(byte) 0x80});
            assertArrayEquals(sorted[6], c.key(), "0x80 sorts after 0x7f..");
            c.seekForPrev(new byte[] {(byte) 0x7f, (byte) 0xff, 0x00});
            assertArrayEquals(sorted[5], c.key());
        }
    }

    @Test
    void returnedArraysBelongToTheCaller() {
        openMem();
        byte[] key = Bytes.utf8("key");
        byte[] value = Bytes.utf8("value");
        db.put(key, value);
        key[0] = 'X';
        value[0] = 'X';
        DbAssert.assertValue("stored value after the caller changed its arrays", Bytes.utf8("value"), db.get(Bytes.utf8("key")));
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            byte[] k = c.key();
            byte[] v = c.value();
            k[0] = 'Y';
            v[0] = 'Y';
            assertArrayEquals(Bytes.utf8("key"), c.key());
            assertArrayEquals(Bytes.utf8("value"), c.value());
        }
        byte[] got = db.get(Bytes.utf8("key"));
        got[0] = 'Z';
        assertArrayEquals(Bytes.utf8("value"), db.get(Bytes.utf8("key")));
    }

    @Test
    void cursorsSeeTheDatabaseAsOfTheirCreation() {
        openMem();
        int count = 1000;
        NavigableMap<byte[], byte[]> before = loadEven(db, count);
        try (Cursor plain = db.newCursor(); Snapshot snap = db.snapshot(); Cursor fromSnap = snap.newCursor()) {
            plain.seek(num(100));
            fromSnap.seekForPrev(num(1900));
            // Overwrite, delete and insert on both sides of both positions; split and merge pages; checkpoint.
            WriteBatch b = new WriteBatch();
            for (int i = 0; i < count * 2; i++) {
                if (i % 2 == 1) {
                    b.put(num(i), Bytes.utf8("new"));
                } else if (i % 6 == 0) {
                    b.delete(num(i));
                } else {
                    b.put(num(i), Bytes.pattern(-i, 2000));
                }
            }
            db.write(b);
            db.checkpoint();
            for (int i = 0; i < count * 2; i += 4) {
                db.delete(num(i));
            }
            db.checkpoint();
            assertAt(plain, 100, "plain cursor position after later writes");
            for (int i = 102; i < count * 2; i += 2) {
                plain.next();
                assertAt(plain, i, "plain cursor moving forward over data changed after it was created");
            }
            plain.next();
            DbAssert.assertInvalid("plain cursor end", plain);
            assertAt(fromSnap, 1900, "snapshot cursor position after later writes");
            for (int i = 1898; i >= 0; i -= 2) {
                fromSnap.prev();
                assertAt(fromSnap, i, "snapshot cursor moving backward over data changed after it was created");
            }
            DbAssert.assertContents("new cursor on the old snapshot", before, snap::newCursor);
        }
    }

    @Test
    void transactionCursorMergesBufferedWritesBothWays() {
        openMem();
        int count = 1000;
        NavigableMap<byte[], byte[]> view = loadEven(db, count);
        NavigableMap<byte[], byte[]> before = Bytes.copy(view);
        try (Transaction tx = db.begin()) {
            // A concurrent plain write after begin must not show in the transaction.
            db.put(num(1), Bytes.utf8("outside"));
            for (int i = 0; i < 10; i++) {
                tx.delete(num(i * 2)); // the first ten keys
                view.remove(num(i * 2));
                tx.delete(num(count * 2 - 2 - i * 2)); // the last ten keys
                view.remove(num(count * 2 - 2 - i * 2));
            }
            for (int i = 400; i < 700; i += 2) { // a run long enough to span pages
                tx.delete(num(i));
                view.remove(num(i));
            }
            for (int i = 801; i < 1201; i += 2) { // new keys between existing ones
                byte[] v = Bytes.pattern(i, i % 3 == 0 ? 1500 : 7);
                tx.put(num(i), v);
                view.put(num(i), v);
            }
            for (int i = 1300; i < 1400; i += 2) { // overwrites
                tx.put(num(i), Bytes.utf8("over" + i));
                view.put(num(i), Bytes.utf8("over" + i));
            }
            tx.put(num(1501), Bytes.utf8("put then delete"));
            tx.delete(num(1501));
            tx.delete(num(1502));
            tx.put(num(1502), Bytes.utf8("delete then put"));
            view.put(num(1502), Bytes.utf8("delete then put"));
            tx.delete(num(1503)); // absent anyway
            tx.put(new byte[] {0x00}, Bytes.utf8("before everything"));
            view.put(new byte[] {0x00}, Bytes.utf8("before everything"));
            tx.put(new byte[] {(byte) 0xff}, new byte[0]);
            view.put(new byte[] {(byte) 0xff}, new byte[0]);

            DbAssert.assertContents("transaction view", view, tx::newCursor);
            List<byte[]> probes = new ArrayList<>();
            for (int i = 0; i < count * 2 + 2; i++) {
                probes.add(num(i));
            }
            probes.add(new byte[] {0x00});
            probes.add(new byte[] {(byte) 0xff});
            Function<Random, byte[]> probe = rr -> probes.get(rr.nextInt(probes.size()));
            try (Cursor c = tx.newCursor()) {
                CursorWalk.run("transaction cursor walk (seed " + SEED + ")", view, c, new Random(SEED), 6000, probe);
            }
            try (Cursor c = tx.newCursor()) {
                CursorWalk w = new CursorWalk("transaction cursor at every key", view, c);
                for (byte[] k : probes) {
                    w.seek(k);
                    if (c.isValid()) {
                        w.next();
                        if (c.isValid()) {
                            w.prev();
                            w.prev();
                        }
                    }
                    w.seekForPrev(k);
                    if (c.isValid()) {
                        w.prev();
                        if (c.isValid()) {
                            w.next();
                            w.next();
                        }
                    }
                }
            }
            DbAssert.assertValue("transaction must not see a commit made after it began", null, tx.get(num(1)));
            NavigableMap<byte[], byte[]> expected;
            try {
                tx.commit();
                expected = view; // serial order: the transaction, then the blind outside put
            } catch (ConflictException e) {
                expected = before; // the outside put hit a key the transaction read: a valid, conservative rejection
            }
            expected.put(num(1), Bytes.utf8("outside"));
            DbAssert.assertDb("after the transaction ended", expected, db);
        }
    }

    @Test
    void transactionCursorOverViewsThatAreAllBufferOrAllDeleted() {
        openMem();
        try (Transaction tx = db.begin()) {
            NavigableMap<byte[], byte[]> view = Bytes.newModel();
            for (int i = 0; i < 300; i++) {
                tx.put(num(i), valueFor(i));
                view.put(num(i), valueFor(i));
            }
            DbAssert.assertContents("transaction over an empty database", view, tx::newCursor);
            tx.commit();
        }
        try (Transaction tx = db.begin()) {
            for (int i = 0; i < 300; i++) {
                tx.delete(num(i));
            }
            DbAssert.assertContents("transaction that deleted everything", Bytes.newModel(), tx::newCursor);
            try (Cursor c = tx.newCursor()) {
                c.seek(num(150));
                DbAssert.assertInvalid("seek in a fully deleted view", c);
                c.seekForPrev(num(150));
                DbAssert.assertInvalid("seekForPrev in a fully deleted view", c);
            }
            tx.rollback();
        }
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            assertAt(c, 0, "after rollback");
        }
    }
}
