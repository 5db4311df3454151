package org.aetherdb.recovery;

import org.aetherdb.format.Extent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.AetherDB;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.Options;
import org.aetherdb.btree.CowTree;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.wal.LogReplayer;
import org.junit.jupiter.api.Test;

/**
 * {@link Recovery#recover} on databases left by a power loss after SYNC commits that no
 * checkpoint covers: pages the replayed commits free are accounted to the commits that freed them
 * (so a checkpoint of an older version never lists them as free), and a replayed record whose
 * out-of-line value is damaged ends the log when nothing vouches for it, or is corruption naming
 * the data file and the value's offset when a later durable record does.
 */
class RecoveryReplayTest {
    private static final Path DIR = Path.of("/mem/db");
    private static final int PAGE = 4096;

    private static Options options(MemFileIO io) {
        // Values too large for a leaf go to the data file (logValuesUpTo 0): these tests damage such values.
        return Options.builder().pageSize(PAGE).fileIO(io).checkpointInterval(Duration.ZERO).walSegmentSize(1 << 20)
                .checkpointLogBytes(64L << 20).cacheSize(8L << 20).logValuesUpTo(0).build();
    }

    private static MemFileIO newMem() {
        MemFileIO io = new MemFileIO();
        io.createDirectories(DIR);
        return io;
    }

    private static byte[] key(int i) {
        return String.format("k%06d", i).getBytes();
    }

    private static byte[] value(int i, int round, int size) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) (i * 31 + round));
        return v;
    }

    @Test
    void pagesFreedByReplayedCommitsBelongToThoseCommits() throws IOException {
        MemFileIO io = newMem();
        try (AetherDB db = AetherDB.open(DIR, options(io))) {
            for (int i = 0; i < 2000; i++) {
                db.put(key(i), value(i, 0, 100));
            }
            db.checkpoint();
            for (int i = 0; i < 2000; i += 10) {
                db.put(key(i), value(i, 1, 100)); // SYNC, logged, not checkpointed: each copies a checkpointed leaf
            }
            io = io.crash();
        }
        Recovery.State s = Recovery.recover(io, DIR, false, PAGE, 8L << 20);
        try {
            long checkpointSeq = s.superblock().sequence();
            assertEquals(200, s.log().recordsApplied());
            assertEquals(checkpointSeq + 200, s.seq());
            assertTrue(s.store().pendingCount() > 0, "the replayed overwrites freed the checkpoint's leaves");
            long freeAtCheckpoint = freeBytes(s.store().freeListAt(checkpointSeq, null));
            long freeNow = freeBytes(s.store().freeListAt(s.seq(), null));
            assertEquals(freeBytes(s.store().allocator().extents()), freeAtCheckpoint,
                    "pages the checkpointed version still uses are not free as of that version");
            assertTrue(freeNow >= freeAtCheckpoint + (long) s.store().pendingCount() * PAGE, freeNow + " vs " + freeAtCheckpoint);
            CowTree tree = new CowTree(s.store());
            for (int i = 0; i < 2000; i++) {
                assertArrayEquals(value(i, i % 10 == 0 ? 1 : 0, 100), ((Inline) tree.get(s.root(), key(i))).bytes(), "key " + i);
            }
        } finally {
            s.store().file().close();
        }
    }

    private static long freeBytes(List<Extent> extents) {
        long n = 0;
        for (Extent e : extents) {
            n += e.length();
        }
        return n;
    }

    /** Writes out-of-line values in SYNC commits after a checkpoint, then loses power; returns the file system after. */
    private static MemFileIO bigValuesAfterCheckpoint(int values) throws IOException {
        MemFileIO io = newMem();
        try (AetherDB db = AetherDB.open(DIR, options(io))) {
            db.put(key(0), value(0, 0, 10));
            db.checkpoint();
            for (int i = 1; i <= values; i++) {
                db.put(key(i), value(i, 0, PageFormat.maxInlineValue(PAGE) * 3));
            }
            return io.crash();
        }
    }

    /** The out-of-line values the log refers to, in log order. */
    private static List<OutOfLine> blobs(MemFileIO io) throws IOException {
        List<OutOfLine> out = new ArrayList<>();
        LogReplayer.replay(io, DIR, 1, PAGE, rec -> {
            for (Op op : rec.ops()) {
                if (op.value() instanceof OutOfLine b) {
                    out.add(b);
                }
            }
            return true;
        });
        return out;
    }

    private static void damage(MemFileIO io, OutOfLine b) throws IOException {
        Path data = DIR.resolve(DataFiles.DATA);
        byte[] bytes = io.contents(data);
        bytes[(int) (b.address() + b.length() / 2)] ^= 0x10;
        io.setContents(data, bytes);
    }

    @Test
    void aDamagedValueInTheLastRecordEndsTheLog() throws IOException {
        MemFileIO io = bigValuesAfterCheckpoint(3);
        List<OutOfLine> refs = blobs(io);
        assertEquals(3, refs.size());
        damage(io, refs.getLast());
        Recovery.State s = Recovery.recover(io, DIR, false, PAGE, 8L << 20);
        try {
            assertEquals(2, s.log().recordsApplied());
            assertEquals(s.superblock().sequence() + 2, s.seq());
            CowTree tree = new CowTree(s.store());
            assertNotNull(tree.get(s.root(), key(2)));
            assertNull(tree.get(s.root(), key(3)), "the record whose value is damaged was never durable");
        } finally {
            s.store().file().close();
        }
    }

    @Test
    void aDamagedValueThatALaterRecordVouchesForIsCorruptionOfTheDataFile() throws IOException {
        MemFileIO io = bigValuesAfterCheckpoint(3);
        List<OutOfLine> refs = blobs(io);
        damage(io, refs.get(1)); // record 3 (SYNC) says record 2 was durable
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Recovery.recover(io, DIR, false, PAGE, 8L << 20));
        assertEquals(DataFiles.DATA, e.file());
        assertTrue(e.offset() >= refs.get(1).address() && e.offset() < refs.get(1).address() + refs.get(1).length() + PAGE,
                "offset " + e.offset() + " of value at " + refs.get(1).address());
        assertTrue(e.getMessage().contains("out-of-line value of a durable log record is damaged"), e.getMessage());
    }
}
