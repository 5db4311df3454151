package org.aetherdb.sim;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A running 64-bit hash of everything observable in a simulation run: every operation's result
 * and every I/O call (kind, file, position, length, and the CRC32C of the bytes written). Two
 * runs of one seed must end with the same hash; that is the determinism check.
 */
final class Trace {
    private long hash = 0xCBF29CE484222325L;
    private long events;
    private long ioCalls;

    void add(long x) {
        long h = (hash ^ x) * 0x9E3779B97F4A7C15L;
        hash = h ^ (h >>> 29);
        events++;
    }

    void add(String s) {
        add(s.hashCode());
        add(s.length());
    }

    void add(byte[] b) {
        if (b == null) {
            add(-1L);
            return;
        }
        CRC32C c = new CRC32C();
        c.update(b);
        add(c.getValue() << 32 | b.length);
    }

    void io(String kind, String file, long position, long length, ByteBuffer data) {
        ioCalls++;
        add(kind);
        add(file);
        add(position);
        add(length);
        if (data != null) {
            CRC32C c = new CRC32C();
            c.update(data.duplicate());
            add(c.getValue());
        }
    }

    long hash() {
        return hash;
    }

    long events() {
        return events;
    }

    long ioCalls() {
        return ioCalls;
    }
}
