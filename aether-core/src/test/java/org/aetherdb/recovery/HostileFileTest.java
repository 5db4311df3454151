package org.aetherdb.recovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.aetherdb.AetherDB;
import org.aetherdb.CorruptionException;
import org.aetherdb.Options;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.Leaf;
import org.aetherdb.btree.NodeCodec;
import org.aetherdb.format.Inline;
import org.aetherdb.format.StoredValue;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * Crafted files with valid checksums (an attacker can compute CRC32C) must give a
 * {@link CorruptionException}: no huge allocation, no endless descent, no other exception.
 */
class HostileFileTest {
    private static final int PS = 4096;
    private static final Path DIR = Path.of("/mem/hostile");

    private static byte[] file(long size) {
        return new byte[(int) size];
    }

    private static void put(byte[] file, long at, byte[] bytes) {
        System.arraycopy(bytes, 0, file, (int) at, bytes.length);
    }

    private static MemFileIO fs(byte[] data) {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        fs.setContents(DIR.resolve(DataFiles.DATA), data);
        return fs;
    }

    @Test
    void freeListLengthBeyondTheFileIsCorruptionNotAnAllocation() {
        byte[] data = file(3 * PS);
        byte[] page = new byte[PS];
        long root = Superblock.firstPage(PS);
        int crc = NodeCodec.encode(Leaf.empty(), page, root);
        put(data, root, page);
        // fileEnd and the free list claim almost 2 GiB; the file is 12 KiB.
        long fileEnd = (1L << 31) - PS;
        Superblock sb = new Superblock(PS, 0, 1, 0, root, crc, 1, 2L * PS, (int) (fileEnd - 2L * PS - PS), 0, fileEnd);
        put(data, Superblock.slotOffset(1), sb.encode());
        MemFileIO fs = fs(data);
        Options o = Options.builder().fileIO(fs).build();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CorruptionException e = assertThrows(CorruptionException.class, () -> AetherDB.open(DIR, o));
            assertTrue(e.getMessage().contains("free list"), e.getMessage());
            assertFalse(AetherDB.verify(DIR, o, p -> { }).isOk());
        });
    }

    @Test
    void branchWhoseChildrenSkipALevelIsCorruption() {
        long a = Superblock.firstPage(PS);
        long b = a + PS;
        long c = b + PS;
        byte[] data = file(c + PS);
        byte[] pa = new byte[PS];
        byte[] pb = new byte[PS];
        int crcA = NodeCodec.encode(new Leaf(new byte[][] {{1}}, new StoredValue[] {new Inline(new byte[] {10})}), pa, a);
        int crcB = NodeCodec.encode(new Leaf(new byte[][] {{5}}, new StoredValue[] {new Inline(new byte[] {50})}), pb, b);
        ChildRef ra = new ChildRef(a, crcA);
        ChildRef rb = new ChildRef(b, crcB);
        byte[] pc = new byte[PS];
        // A level-2 branch whose children are leaves: the tree claims height 3 but leaves sit at depth 2.
        int crcC = NodeCodec.encode(new Branch(new byte[][] {{5}}, new ChildRef[] {ra, rb}, 2), pc, c);
        put(data, a, pa);
        put(data, b, pb);
        put(data, c, pc);
        put(data, Superblock.slotOffset(1), new Superblock(PS, 0, 1, 0, c, crcC, 3, 0, 0, 0, c + PS).encode());
        MemFileIO fs = fs(data);
        Options o = Options.builder().fileIO(fs).build();
        try (AetherDB db = AetherDB.open(DIR, o)) {
            assertThrows(CorruptionException.class, () -> db.get(new byte[] {1}));
            assertThrows(CorruptionException.class, () -> {
                try (var cursor = db.newCursor()) {
                    cursor.seekToFirst();
                }
            });
        } catch (CorruptionException e) {
            // also acceptable: refused at open or at the final checkpoint
        }
        assertFalse(AetherDB.verify(DIR, o, p -> { }).isOk());
    }
}
