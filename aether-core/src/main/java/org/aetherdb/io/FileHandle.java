package org.aetherdb.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * An open file, addressed by position (no shared cursor), safe for concurrent positional reads
 * and one writer. See {@link FileIO} for what is durable when.
 */
public interface FileHandle extends AutoCloseable {
    /** The file's name, for error messages. */
    String name();

    /**
     * Reads exactly {@code dst.remaining()} bytes at {@code position}.
     *
     * @throws java.io.EOFException when the file ends first
     */
    void readFully(long position, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code position}, growing the file if needed. */
    void writeFully(long position, ByteBuffer src) throws IOException;

    /** Makes everything written so far durable (data; size changes need the directory synced too). */
    void force() throws IOException;

    /** Current size in bytes. */
    long size() throws IOException;

    /**
     * Cuts or extends (with zeros) the file to {@code size} bytes. Never call while mapped beyond
     * it, nor while another thread may be writing past {@code size}: the size check and the cut
     * are not atomic with respect to concurrent writes.
     */
    void truncate(long size) throws IOException;

    /**
     * Maps {@code [offset, offset + length)} read-only. The range must lie within the file; the
     * mapping stays valid until it is garbage-collected.
     */
    MemorySegment map(long offset, long length) throws IOException;

    @Override
    void close() throws IOException;

    /** Convenience: reads {@code len} bytes at {@code position} into {@code dst[off..]}. */
    default void readFully(long position, byte[] dst, int off, int len) throws IOException {
        readFully(position, ByteBuffer.wrap(dst, off, len));
    }

    /** Convenience: writes {@code len} bytes from {@code src[off..]} at {@code position}. */
    default void writeFully(long position, byte[] src, int off, int len) throws IOException {
        writeFully(position, ByteBuffer.wrap(src, off, len));
    }
}
