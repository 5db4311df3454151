package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a store costs the device. Written bytes are the sectors the block device under the store
 * reports written ({@code /sys/class/block/DEV/stat}, field 7, times 512) between two {@code sync -f}
 * calls on its file system, so deferred writeback, file-system metadata and journal count and
 * nothing stays hidden in the page cache; the bench's parent is idle meanwhile, so the device's
 * count is the child's. (Not {@code /proc/self/io}: on this kernel ext4 caches files in large
 * folios and {@code write_bytes} charges a whole folio each time a byte of it is dirtied; a
 * 4 KiB append + fdatasync into a file preallocated in 1 MiB writes was charged 1 MiB, 250x the
 * bytes written.) Space is what a directory's files take on disk ({@code du --block-size=1}:
 * allocated blocks, so sparse files count only what they hold).
 */
final class DeviceIo {
    private DeviceIo() {}

    /**
     * Flushes the file system holding {@code dir} and returns the bytes its block device has
     * written since boot; -1 when the device's counters cannot be read.
     */
    static long deviceWrittenBytes(Path dir) {
        try {
            Process p = new ProcessBuilder("sync", "-f", dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            Path stat = statFile(dir);
            if (stat == null) {
                return -1;
            }
            String[] f = Files.readString(stat).trim().split("\\s+");
            return Long.parseLong(f[6]) * 512;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    /** The block device's stat file of the file system holding {@code dir} (a partition's own, when it is one). */
    static Path statFile(Path dir) throws IOException {
        String dev = Files.getFileStore(dir).name();
        if (!dev.startsWith("/dev/")) {
            return null;
        }
        Path stat = Path.of("/sys/class/block", Path.of(dev).getFileName().toString(), "stat");
        return Files.isReadable(stat) ? stat : null;
    }

    /** Bytes allocated on disk for everything under {@code dir} ({@code du -s --block-size=1}). */
    static long diskBytes(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("du", "-s", "--block-size=1", dir.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IOException("du failed on " + dir + ": " + out);
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
