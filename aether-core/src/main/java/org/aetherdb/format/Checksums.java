package org.aetherdb.format;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli; a JVM intrinsic) over byte ranges, seeded with a 64-bit context value such
 * as a page's address or a log segment's salt. Seeding means a correct structure found at the
 * wrong place (a misdirected write, a stale record of a recycled log segment) fails its check.
 */
public final class Checksums {
    private Checksums() {}

    /** CRC32C of {@code seed} (8 bytes, little-endian) followed by {@code data[off, off+len)}. */
    public static int crc(long seed, byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(seedBytes(seed));
        c.update(data, off, len);
        return (int) c.getValue();
    }

    /** CRC32C of {@code seed} followed by the remaining bytes of {@code buf} (position unchanged). */
    public static int crc(long seed, ByteBuffer buf) {
        CRC32C c = new CRC32C();
        c.update(seedBytes(seed));
        c.update(buf.duplicate());
        return (int) c.getValue();
    }

    private static byte[] seedBytes(long seed) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (seed >>> (8 * i));
        }
        return b;
    }
}
