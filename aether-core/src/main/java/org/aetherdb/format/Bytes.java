package org.aetherdb.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian fixed-width and varint encoding into byte arrays (all on-disk integers are LE). */
public final class Bytes {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    public static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    public static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    public static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    public static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    public static void putShort(byte[] b, int off, int v) {
        SHORT.set(b, off, (short) v);
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
