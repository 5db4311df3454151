package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.AetherDB;
import org.aetherdb.CorruptionException;
import org.aetherdb.Options;
import org.aetherdb.VerifyReport;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.StoredValue;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.recovery.DataFiles;
import org.junit.jupiter.api.Test;

/**
 * A leaf's reference to a value in the log ({@link Logged}) is resolved by gets and checked by
 * verify, and damage to the value's bytes is a {@code CorruptionException} naming the segment and
 * offset, never other bytes. Nothing writes such references yet (docs/VALUE-LOG.md, step 2), so
 * the test makes one: it puts the value's bytes into the unused tail of the database's log segment
 * and re-seals the leaf (a root leaf: one page) and the superblock to point at them.
 */
class LoggedValueReadTest {
    private static final Path DIR = Path.of("/mem/db");
    private static final int PAGE = 4096;

    @Test
    void aReferenceIntoTheLogIsReadAndVerifiedAndItsDamageReported() throws IOException {
        MemFileIO io = new MemFileIO();
        io.createDirectories(DIR);
        Options options = Options.builder().pageSize(PAGE).fileIO(io).checkpointInterval(Duration.ZERO).build();
        try (AetherDB db = AetherDB.open(DIR, options)) {
            db.put("a".getBytes(), "small".getBytes());
            db.put("b".getBytes(), "replaced by a reference".getBytes());
        }
        String segmentName = io.list(DIR).stream().filter(n -> LogFormat.parseSegmentName(n) >= 0).findFirst().orElseThrow();
        Path segmentPath = DIR.resolve(segmentName);
        byte[] segment = io.contents(segmentPath);
        byte[] value = new byte[3000];
        Arrays.fill(value, (byte) 0x6b);
        int offset = segment.length - 4096; // zeros after the last record: the end of the log for replay
        System.arraycopy(value, 0, segment, offset, value.length);
        io.setContents(segmentPath, segment);
        Logged ref = new Logged(LogFormat.parseSegmentName(segmentName), offset, value.length, Checksums.crc(0, value, 0, value.length));

        Path data = DIR.resolve(DataFiles.DATA);
        Superblock sb;
        try (FileHandle f = io.openReadOnly(data)) {
            sb = DataFiles.chooseSuperblock(f);
        }
        byte[] file = io.contents(data);
        Leaf root = (Leaf) NodeCodec.decode(Arrays.copyOfRange(file, (int) sb.rootAddress(), (int) sb.rootAddress() + PAGE),
                sb.rootAddress(), sb.rootChecksum(), DataFiles.DATA);
        StoredValue[] values = root.values.clone();
        values[1] = ref;
        byte[] page = new byte[PAGE];
        int crc = NodeCodec.encode(new Leaf(root.keys, values), page, sb.rootAddress());
        System.arraycopy(page, 0, file, (int) sb.rootAddress(), PAGE);
        Superblock resealed = new Superblock(sb.pageSize(), sb.flags(), sb.generation(), sb.sequence(), sb.rootAddress(), crc,
                sb.treeHeight(), sb.freeListAddress(), sb.freeListBytes(), sb.freeListChecksum(), sb.fileEnd());
        System.arraycopy(resealed.encode(), 0, file, (int) Superblock.slotOffset(sb.generation()), Superblock.SLOT_SIZE);
        io.setContents(data, file);

        assertTrue(AetherDB.verify(DIR, options, p -> { }).isOk(), "an intact reference verifies clean");
        Options readOnly = Options.builder().pageSize(PAGE).fileIO(io).readOnly(true).build();
        try (AetherDB db = AetherDB.open(DIR, readOnly)) {
            assertArrayEquals(value, db.get("b".getBytes()));
            assertArrayEquals("small".getBytes(), db.get("a".getBytes()));
        }

        segment[offset + 1234] ^= 0x10;
        io.setContents(segmentPath, segment);
        VerifyReport report = AetherDB.verify(DIR, options, p -> { });
        assertFalse(report.isOk());
        List<String> problems = report.problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains(segmentName) && p.contains(String.valueOf(offset))
                && p.contains("logged value checksum mismatch")), problems.toString());
        try (AetherDB db = AetherDB.open(DIR, readOnly)) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> db.get("b".getBytes()));
            assertEquals(segmentName, e.file());
            assertEquals(offset, e.offset());
            assertArrayEquals("small".getBytes(), db.get("a".getBytes()), "the rest of the leaf still reads");
        }
    }
}
