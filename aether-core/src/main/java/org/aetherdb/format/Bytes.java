package org.aetherdb.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Little-endian fixed-width and varint encoding into byte arrays (all on-disk integers are LE).
 *
 * <p>Fixed-width access goes through byte-array view VarHandles, one machine load or store each.
 * With {@code -Daether.bytes.plain=true} it is done a byte at a time instead (same results):
 * Lincheck's model checking cannot run view VarHandles ("Unsupported VarHandle type"), and its
 * tests of the engine run in a JVM of their own with this property (aether-core/pom.xml). The
 * flag is a constant after class initialisation, so the JIT removes the branch.
 */
public final class Bytes {
    private static final boolean PLAIN = Boolean.getBoolean("aether.bytes.plain");
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    public static int getInt(byte[] b, int off) {
        if (PLAIN) {
            return (int) plainGet(b, off, 4);
        }
        return (int) INT.get(b, off);
    }

    public static long getLong(byte[] b, int off) {
        if (PLAIN) {
            return plainGet(b, off, 8);
        }
        return (long) LONG.get(b, off);
    }

    public static void putInt(byte[] b, int off, int v) {
        if (PLAIN) {
            plainPut(b, off, 4, v);
        } else {
            INT.set(b, off, v);
        }
    }

    public static void putLong(byte[] b, int off, long v) {
        if (PLAIN) {
            plainPut(b, off, 8, v);
        } else {
            LONG.set(b, off, v);
        }
    }

    public static void putShort(byte[] b, int off, int v) {
        if (PLAIN) {
            plainPut(b, off, 2, v);
        } else {
            SHORT.set(b, off, (short) v);
        }
    }

    /** {@code width} bytes at {@code off}, little-endian; bounds checked for the whole range first, as a VarHandle does. */
    static long plainGet(byte[] b, int off, int width) {
        Objects.checkFromIndexSize(off, width, b.length);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void plainPut(byte[] b, int off, int width, long v) {
        Objects.checkFromIndexSize(off, width, b.length);
        for (int i = 0; i < width; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Bytes an unsigned LEB128 varint of {@code v} takes (v >= 0); proven in {@link Kernels#varintSize}. */
    public static int varintSize(int v) {
        return Kernels.varintSize(v);
    }

    /** Writes {@code v} (>= 0) as an unsigned LEB128 varint; returns the new offset. */
    public static int putVarint(byte[] b, int off, int v) {
        while ((v & ~0x7F) != 0) {
            b[off++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[off++] = (byte) v;
        return off;
    }
}
