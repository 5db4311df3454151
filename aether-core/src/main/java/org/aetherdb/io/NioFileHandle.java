package org.aetherdb.io;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A {@link FileChannel} that survives thread interrupts. An interrupt during channel I/O closes
 * the channel for every thread (Kafka Streams, for one, interrupts its threads), so each
 * operation that fails because the channel was closed by an interrupt, and not by
 * {@link #close()}, reopens it, retries, and restores the caller's interrupt flag. Positional I/O
 * makes the retry safe: no shared file position is lost.
 */
final class NioFileHandle implements FileHandle {
    /** Largest single read or write: the JDK keeps a per-thread native buffer as large as the largest one. */
    private static final int MAX_CHUNK = 1 << 20;

    private final Path path;
    private final OpenOption[] options;
    private volatile FileChannel channel;
    private volatile boolean closed;
    private volatile IOException forceFailure;

    NioFileHandle(Path path, OpenOption... options) throws IOException {
        this.path = path;
        this.options = options.clone();
        this.channel = FileChannel.open(path, options);
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @FunctionalInterface
    private interface ChannelOp<T> {
        T run(FileChannel ch) throws IOException;
    }

    private <T> T withChannel(ChannelOp<T> op) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                FileChannel ch = channel;
                try {
                    return op.run(ch);
                } catch (ClosedChannelException e) {
                    if (closed) {
                        throw e;
                    }
                    // ClosedByInterruptException, or another thread's interrupt closed it under us.
                    interrupted |= e instanceof ClosedByInterruptException | Thread.interrupted();
                    reopen(ch);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (channel == broken && !closed) {
            Thread.interrupted(); // open would fail again with the flag set; caller restores it
            channel = FileChannel.open(path, options);
        }
    }

    // readFully and writeFully mirror each other (resume position, chunked limit); they differ
    // in what a short transfer means (EOF for a read, retry for a write).
    @Override
    public void readFully(long position, ByteBuffer dst) throws IOException {
        int start = dst.position();
        int limit = dst.limit();
        withChannel(ch -> {
            long pos = position + (dst.position() - start); // a retry resumes where the last try stopped
            try {
                while (dst.hasRemaining()) {
                    // Chunks bound the JDK's per-thread temporary direct buffer (as for writes).
                    dst.limit(Math.min(limit, dst.position() + MAX_CHUNK));
                    int n = ch.read(dst, pos);
                    dst.limit(limit);
                    if (n < 0) {
                        throw new EOFException(name() + ": end of file at " + pos + ", " + dst.remaining() + " bytes short");
                    }
                    pos += n;
                }
            } finally {
                dst.limit(limit);
            }
            return null;
        });
    }

    @Override
    public void writeFully(long position, ByteBuffer src) throws IOException {
        int start = src.position();
        int limit = src.limit();
        withChannel(ch -> {
            long pos = position + (src.position() - start); // a retry resumes where the last try stopped
            try {
                while (src.hasRemaining()) {
                    src.limit(Math.min(limit, src.position() + MAX_CHUNK));
                    while (src.hasRemaining()) {
                        pos += ch.write(src, pos);
                    }
                    src.limit(limit);
                }
            } finally {
                src.limit(limit);
            }
            return null;
        });
    }

    /**
     * Once a force fails, every later force on this handle fails too. The kernel reports a
     * write-back error once per open file: a second caller's force would "succeed" although the
     * data it relies on was dropped (a failed fsync is final: the PostgreSQL fsyncgate lesson).
     */
    @Override
    public void force() throws IOException {
        IOException earlier = forceFailure;
        if (earlier != null) {
            throw new IOException(name() + ": an earlier fsync failed; the file's durable state is unknown", earlier);
        }
        try {
            withChannel(ch -> {
                ch.force(false);
                return null;
            });
        } catch (IOException e) {
            forceFailure = e;
            throw e;
        }
    }

    @Override
    public long size() throws IOException {
        return withChannel(FileChannel::size);
    }

    @Override
    public void truncate(long size) throws IOException {
        withChannel(ch -> {
            long current = ch.size();
            if (size < current) {
                ch.truncate(size);
            } else if (size > current) {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
            return null;
        });
    }

    @Override
    public MemorySegment map(long offset, long length) throws IOException {
        return withChannel(ch -> {
            if (offset < 0 || length < 0 || offset + length > ch.size()) {
                throw new IOException(name() + ": map [" + offset + ", +" + length + ") outside file of " + ch.size() + " bytes");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, length, Arena.ofAuto());
        });
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true; // under the same monitor as reopen(): a reopen cannot resurrect a closed handle
        channel.close();
    }
}
