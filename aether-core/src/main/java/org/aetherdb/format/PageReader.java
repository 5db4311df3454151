package org.aetherdb.format;

import org.aetherdb.error.CorruptDataException;

/**
 * A bounds-checked little-endian reader over a byte range. Every read that would leave the range,
 * and every length that exceeds what is left, throws {@link CorruptDataException} naming the file
 * and the absolute offset, so decoders never index out of bounds or allocate by an unchecked
 * length.
 */
public final class PageReader {
    private final byte[] buf;
    private final int end;
    private final String file;
    private final long base;
    private int pos;

    /**
     * @param base file offset of {@code buf[0]}, for error messages
     */
    public PageReader(byte[] buf, int start, int end, String file, long base) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.file = file;
        this.base = base;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public CorruptDataException corrupt(String what) {
        return new CorruptDataException(file, base + pos, what);
    }

    private void need(int n, String what) {
        if (n < 0 || n > end - pos) {
            throw corrupt(what + ": needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int u8(String what) {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16(String what) {
        need(2, what);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int i32(String what) {
        need(4, what);
        int v = Bytes.getInt(buf, pos);
        pos += 4;
        return v;
    }

    public long i64(String what) {
        need(8, what);
        long v = Bytes.getLong(buf, pos);
        pos += 8;
        return v;
    }

    /** An unsigned LEB128 varint of at most 5 bytes whose value is in {@code [0, max]}. */
    public int varint(int max, String what) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8(what);
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0 || result > max) {
                    throw corrupt(what + ": " + Integer.toUnsignedString(result) + " exceeds limit " + max);
                }
                return result;
            }
        }
        throw corrupt(what + ": varint longer than 5 bytes");
    }

    /** Steps over {@code len} bytes, after checking they are there; returns where they start. */
    public int skip(int len, String what) {
        need(len, what);
        int start = pos;
        pos += len;
        return start;
    }

    /** {@code len} bytes, after checking they are there. */
    public byte[] bytes(int len, String what) {
        need(len, what);
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }
}
