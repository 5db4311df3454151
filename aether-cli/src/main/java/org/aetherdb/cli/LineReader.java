package org.aetherdb.cli;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines as bytes (keys and values need not be UTF-8), ending at {@code \n}; a {@code \r}
 * before it is dropped, so files written on Windows load too. Counts the bytes taken from the
 * underlying stream, for progress.
 */
final class LineReader implements AutoCloseable {
    private final Counting in;
    private final byte[] buf = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int pos;
    private int end;

    LineReader(InputStream in) {
        this.in = new Counting(in);
    }

    /** The next line without its terminator, or null at the end of the input. */
    byte[] next() throws IOException {
        line.reset();
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any ? strip(line.toByteArray()) : null;
            }
            any = true;
            int nl = indexOf((byte) '\n', pos, end);
            if (nl >= 0) {
                line.write(buf, pos, nl - pos);
                pos = nl + 1;
                return strip(line.toByteArray());
            }
            line.write(buf, pos, end - pos);
            pos = end;
        }
    }

    /** Bytes read from the underlying stream so far. */
    long bytesRead() {
        return in.count;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] strip(byte[] l) {
        return l.length > 0 && l[l.length - 1] == '\r' ? Arrays.copyOf(l, l.length - 1) : l;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
