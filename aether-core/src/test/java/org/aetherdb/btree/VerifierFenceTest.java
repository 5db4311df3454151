package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.aetherdb.AetherDB;
import org.aetherdb.Options;
import org.aetherdb.VerifyReport;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.recovery.DataFiles;
import org.junit.jupiter.api.Test;

/**
 * The verifier checks every key against the range its parent's separators assign: a leaf key
 * moved across its fence, in a file whose checksums were all re-sealed up to the superblock (so
 * nothing but the fence check can notice), is reported; the untouched file verifies clean.
 */
class VerifierFenceTest {
    private static final Path DIR = Path.of("/mem/db");
    private static final int PAGE = 4096;

    @Test
    void aKeyOutsideItsParentsRangeIsReported() throws IOException {
        MemFileIO io = new MemFileIO();
        io.createDirectories(DIR);
        Options options = Options.builder().pageSize(PAGE).fileIO(io).checkpointInterval(Duration.ZERO).build();
        try (AetherDB db = AetherDB.open(DIR, options)) {
            for (int i = 0; i < 300; i++) {
                db.put(String.format("k%04d", i).getBytes(), new byte[20]);
            }
        }
        assertTrue(AetherDB.verify(DIR, options, p -> { }).isOk(), "the untouched file verifies clean");

        Path data = DIR.resolve(DataFiles.DATA);
        Superblock sb;
        try (FileHandle f = io.openReadOnly(data)) {
            sb = DataFiles.chooseSuperblock(f);
        }
        byte[] file = io.contents(data);
        Branch root = (Branch) NodeCodec.decode(page(file, sb.rootAddress()), sb.rootAddress(), sb.rootChecksum(), DataFiles.DATA);
        assertTrue(root.level() == 1 && root.children.length >= 3, "a root branch over leaves");
        ChildRef first = root.children[0];
        Leaf leaf = (Leaf) NodeCodec.decode(page(file, first.address()), first.address(), first.checksum(), DataFiles.DATA);

        // the first leaf's last key becomes the separator above it: still in order inside the leaf, but at its parent's high fence
        byte[][] keys = leaf.keys.clone();
        keys[keys.length - 1] = root.keys[0].clone();
        int leafCrc = seal(file, new Leaf(keys, leaf.values), first.address());
        ChildRef[] children = root.children.clone();
        children[0] = new ChildRef(first.address(), leafCrc);
        int rootCrc = seal(file, new Branch(root.keys, children, root.level()), sb.rootAddress());
        Superblock resealed = new Superblock(sb.pageSize(), sb.flags(), sb.generation(), sb.sequence(), sb.rootAddress(), rootCrc,
                sb.treeHeight(), sb.freeListAddress(), sb.freeListBytes(), sb.freeListChecksum(), sb.fileEnd());
        System.arraycopy(resealed.encode(), 0, file, (int) Superblock.slotOffset(sb.generation()), Superblock.SLOT_SIZE);
        io.setContents(data, file);

        VerifyReport report = AetherDB.verify(DIR, options, p -> { });
        assertFalse(report.isOk());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("page at offset " + first.address())
                && p.contains("key outside the range its parent assigns")), report.problems().toString());
    }

    private static byte[] page(byte[] file, long address) {
        return Arrays.copyOfRange(file, (int) address, (int) address + PAGE);
    }

    /** Encodes {@code n} at {@code address} in the file image; returns its checksum. */
    private static int seal(byte[] file, Node n, long address) {
        byte[] page = new byte[PAGE];
        int crc = NodeCodec.encode(n, page, address);
        System.arraycopy(page, 0, file, (int) address, PAGE);
        return crc;
    }
}
