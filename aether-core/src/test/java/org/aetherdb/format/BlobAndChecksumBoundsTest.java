package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Extent sizes of out-of-line values at page boundaries ({@link BlobFormat#extentBytes}), and the
 * two entry points of {@link Checksums#crc} agreeing (the {@code ByteBuffer} one leaves the
 * buffer's position alone and covers only its remaining bytes).
 */
class BlobAndChecksumBoundsTest {
    @Test
    void extentIsTheHeaderPlusValueRoundedUpToWholePages() {
        int page = 4096;
        int fits = page - BlobFormat.HEADER;
        assertEquals(page, BlobFormat.extentBytes(0, page));
        assertEquals(page, BlobFormat.extentBytes(fits, page), "header + value exactly one page");
        assertEquals(2L * page, BlobFormat.extentBytes(fits + 1, page), "one byte more takes a second page");
        assertEquals(2L * page, BlobFormat.extentBytes(fits + page, page), "exactly two pages");
        assertEquals(3L * page, BlobFormat.extentBytes(fits + page + 1, page));
        long big = BlobFormat.extentBytes(Integer.MAX_VALUE, 65536);
        assertEquals(0, big % 65536);
        assertTrue(big >= (long) Integer.MAX_VALUE + BlobFormat.HEADER && big - 65536 < (long) Integer.MAX_VALUE + BlobFormat.HEADER);
    }

    @Test
    void bufferAndArrayChecksumsAgree() {
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        buf.position(10);
        int fromBuffer = Checksums.crc(42, buf);
        assertEquals(10, buf.position(), "position unchanged");
        assertEquals(Checksums.crc(42, data, 10, 90), fromBuffer);
        assertNotEquals(Checksums.crc(43, data, 10, 90), fromBuffer, "the seed is part of the checksum");
        assertNotEquals(Checksums.crc(42, data, 0, 100), fromBuffer, "only the remaining bytes count");
    }
}
