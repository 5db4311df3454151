package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.recovery.DataFiles;
import org.junit.jupiter.api.Test;

/**
 * A leaf's reference to a value in the log ({@link Logged}) is resolved by gets and checked by
 * verify, and damage to the value's bytes is a {@code CorruptionException} naming the segment and
 * offset, never other bytes. The value (1000 bytes on 4 KiB pages: above the default threshold of
 * 256, below the out-of-line limit) is written by a put; the test reads its reference from the
 * root leaf to know where its bytes lie.
 */
class LoggedValueReadTest {
    private static final Path DIR = Path.of("/mem/db");
    private static final int PAGE = 4096;

    @Test
    void aReferenceIntoTheLogIsReadAndVerifiedAndItsDamageReported() throws IOException {
        MemFileIO io = new MemFileIO();
        io.createDirectories(DIR);
        Options options = Options.builder().pageSize(PAGE).fileIO(io).checkpointInterval(Duration.ZERO).build();
        byte[] value = new byte[1000];
        Arrays.fill(value, (byte) 0x6b);
        try (AetherDB db = AetherDB.open(DIR, options)) {
            db.put("a".getBytes(), "small".getBytes());
            db.put("b".getBytes(), value);
        }
        Path data = DIR.resolve(DataFiles.DATA);
        Superblock sb;
        try (FileHandle f = io.openReadOnly(data)) {
            sb = DataFiles.chooseSuperblock(f);
        }
        byte[] file = io.contents(data);
        Leaf root = (Leaf) NodeCodec.decode(Arrays.copyOfRange(file, (int) sb.rootAddress(), (int) sb.rootAddress() + PAGE),
                sb.rootAddress(), sb.rootChecksum(), DataFiles.DATA);
        assertInstanceOf(Inline.class, root.values[0], "a small value stays in its leaf");
        Logged ref = assertInstanceOf(Logged.class, root.values[1], "a 1000-byte value is kept in the log");
        assertEquals(value.length, ref.length());
        assertEquals(Checksums.crc(0, value, 0, value.length), ref.checksum());
        String segmentName = LogFormat.segmentName(ref.segment());
        Path segmentPath = DIR.resolve(segmentName);
        byte[] segment = io.contents(segmentPath);
        int offset = ref.offset();
        assertArrayEquals(value, Arrays.copyOfRange(segment, offset, offset + value.length), "the reference points at the bytes");

        assertTrue(AetherDB.verify(DIR, options, p -> { }).isOk(), "an intact reference verifies clean");
        Options readOnly = Options.builder().pageSize(PAGE).fileIO(io).readOnly(true).build();
        try (AetherDB db = AetherDB.open(DIR, readOnly)) {
            assertArrayEquals(value, db.get("b".getBytes()));
            assertArrayEquals("small".getBytes(), db.get("a".getBytes()));
        }

        segment[offset + 567] ^= 0x10;
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
