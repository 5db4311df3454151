package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aetherdb.AetherDB;
import org.aetherdb.IncompatibleFormatException;
import org.aetherdb.Options;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/** A database written by a future format version is refused with a clear error and left intact. */
class FormatVersionTest {
    private static final Path DIR = Path.of("/mem/versioned");

    /** Rewrites the format version of every written superblock slot, with a valid checksum. */
    private static byte[] withVersion(byte[] file, int version) {
        byte[] out = file.clone();
        for (int slot = 0; slot < 2; slot++) {
            int off = slot * Superblock.SLOT_SIZE;
            if (Bytes.getInt(out, off) != Superblock.MAGIC) {
                continue;
            }
            Bytes.putInt(out, off + 4, version);
            Bytes.putInt(out, off + Superblock.SLOT_SIZE - 4, Checksums.crc(off, out, off, Superblock.SLOT_SIZE - 4));
        }
        return out;
    }

    @Test
    void futureVersionIsIncompatibleAndLeavesTheFilesUntouched() throws Exception {
        MemFileIO fs = new MemFileIO();
        Options o = Options.builder().fileIO(fs).pageSize(4096).build();
        try (AetherDB db = AetherDB.open(DIR, o)) {
            db.put("k".getBytes(), "v".getBytes());
        }
        Path data = DIR.resolve("data.aedb");
        byte[] original = fs.contents(data);
        byte[] future = withVersion(original, Superblock.FORMAT_VERSION + 1);
        fs.setContents(data, future);
        IncompatibleFormatException e = assertThrows(IncompatibleFormatException.class, () -> AetherDB.open(DIR, o));
        assertTrue(e.getMessage().contains("format version " + (Superblock.FORMAT_VERSION + 1)), e.getMessage());
        assertArrayEquals(future, fs.contents(data), "a refused open must not write");
        var report = AetherDB.verify(DIR, o, p -> { });
        assertTrue(!report.isOk() && report.problems().toString().contains("format version"), report.toString());
        fs.setContents(data, original);
        try (AetherDB db = AetherDB.open(DIR, o)) {
            assertArrayEquals("v".getBytes(), db.get("k".getBytes()));
        }
    }
}
