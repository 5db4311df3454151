package org.aetherdb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.VerifyReport;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine end to end: writes, checkpoints, reopen, power loss, verify; on real files and in memory. */
class EngineRoundTripTest {
    @TempDir
    Path tmp;

    private static void check(AetherDB db, TreeMap<byte[], byte[]> model) {
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), db.get(e.getKey()), () -> "key " + new String(e.getKey()));
        }
        try (Cursor c = db.newCursor()) {
            c.seekToFirst();
            for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                assertTrue(c.isValid());
                assertArrayEquals(e.getKey(), c.key());
                c.next();
            }
            assertTrue(!c.isValid());
        }
    }

    private static void workload(Path dir, Options options, long seed, int ops, TreeMap<byte[], byte[]> model) {
        Random rnd = new Random(seed);
        try (AetherDB db = AetherDB.open(dir, options)) {
            for (int i = 0; i < ops; i++) {
                byte[] k = ("key" + rnd.nextInt(2000)).getBytes();
                if (rnd.nextInt(4) == 0) {
                    db.delete(k);
                    model.remove(k);
                } else {
                    byte[] v = new byte[rnd.nextInt(8) == 0 ? 3000 + rnd.nextInt(10000) : rnd.nextInt(100)];
                    rnd.nextBytes(v);
                    db.put(k, v);
                    model.put(k, v);
                }
                if (i % 700 == 0) {
                    db.checkpoint();
                }
            }
            check(db, model);
        }
    }

    @Test
    void realFilesSurviveReopenAndVerify() {
        Path dir = tmp.resolve("db");
        Options o = Options.builder().pageSize(4096).durability(Durability.NONE).build();
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        workload(dir, o, 1, 5000, model);
        workload(dir, o, 2, 5000, model);
        try (AetherDB db = AetherDB.open(dir, o)) {
            check(db, model);
            assertNull(db.get("nope".getBytes()));
        }
        VerifyReport r = AetherDB.verify(dir);
        assertTrue(r.isOk(), r.toString());
        assertTrue(r.entriesChecked() == model.size(), r.toString());
    }

    @Test
    void syncCommitsSurvivePowerLoss() {
        MemFileIO fs = new MemFileIO();
        Path dir = Path.of("/mem/db");
        Options o = Options.builder().pageSize(4096).fileIO(fs).checkpointInterval(java.time.Duration.ZERO).build();
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        Random rnd = new Random(5);
        AetherDB db = AetherDB.open(dir, o);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 150; i++) {
                byte[] k = ("k" + rnd.nextInt(500)).getBytes();
                byte[] v = new byte[rnd.nextInt(10) == 0 ? 2000 : rnd.nextInt(50)];
                rnd.nextBytes(v);
                db.put(k, v);
                model.put(k, v);
            }
            if (round % 3 == 0) {
                db.checkpoint();
            }
            MemFileIO after = fs.crash();
            try (AetherDB re = AetherDB.open(dir, o.toBuilder().fileIO(after).build())) {
                check(re, model);
            }
            VerifyReport r = AetherDB.verify(dir, o.toBuilder().fileIO(after).build(), p -> { });
            assertTrue(r.isOk(), r.toString());
        }
        db.close();
        assertEquals(true, AetherDB.verify(dir, o, p -> { }).isOk());
    }
}
