package org.aetherdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.aetherdb.io.MemFileIO;

/**
 * The files of one database directory at one moment, held compactly (trailing zeros of
 * preallocated log segments are not stored), so that many crash states can be kept and each
 * restored later into a fresh {@link MemFileIO}.
 */
final class FsImage {
    private record Stored(byte[] head, int length) {}

    private final Path dir;
    private final Map<String, Stored> files;

    private FsImage(Path dir, Map<String, Stored> files) {
        this.dir = dir;
        this.files = files;
    }

    /** The current bytes of every file of {@code dir} in {@code fs}. */
    static FsImage of(MemFileIO fs, Path dir) {
        Map<String, Stored> files = new TreeMap<>();
        try {
            for (String name : fs.list(dir)) {
                files.put(name, store(fs.contents(dir.resolve(name))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FsImage(dir, files);
    }

    /** What a power loss now would leave: only synced bytes under synced names. */
    static FsImage powerLoss(MemFileIO fs, Path dir) {
        return of(fs.crash(), dir);
    }

    /** What kill -9 now would leave: everything written, synced or not. */
    static FsImage processCrash(MemFileIO fs, Path dir) {
        return of(fs.processCrash(), dir);
    }

    private static Stored store(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new Stored(Arrays.copyOf(bytes, end), bytes.length);
    }

    Set<String> names() {
        return files.keySet();
    }

    byte[] file(String name) {
        Stored s = files.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no file " + name + " in " + files.keySet());
        }
        return Arrays.copyOf(s.head(), s.length());
    }

    /** Index just past the last non-zero byte of the file. */
    int usedLength(String name) {
        return files.get(name).head().length;
    }

    /** A copy of this image with one file's bytes replaced. */
    FsImage with(String name, byte[] bytes) {
        Map<String, Stored> copy = new TreeMap<>(files);
        copy.put(name, store(bytes));
        return new FsImage(dir, copy);
    }

    /** A fresh in-memory file system holding exactly these files (all durable). */
    MemFileIO restore() {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(dir);
        files.forEach((name, s) -> fs.setContents(dir.resolve(name), Arrays.copyOf(s.head(), s.length())));
        return fs;
    }

    /** A 64-bit hash of names and contents, to skip checking the same state twice. */
    long contentHash() {
        long h = 17;
        for (Map.Entry<String, Stored> e : files.entrySet()) {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(e.getValue().head());
            h = h * 1_000_003L + e.getKey().hashCode();
            h = h * 1_000_003L + e.getValue().length();
            h = h * 1_000_003L + ((crc.getValue() << 32) ^ Arrays.hashCode(e.getValue().head()));
        }
        return h;
    }

    long totalBytes() {
        return files.values().stream().mapToLong(Stored::length).sum();
    }
}
