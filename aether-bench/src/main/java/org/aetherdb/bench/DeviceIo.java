package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a process and a directory cost the device: {@code /proc/self/io} write bytes (counted when
 * a page is dirtied, so writes without fsync count too; bytes of pages truncated before writeback
 * are subtracted through {@code cancelled_write_bytes}) and the space a directory's files take on
 * disk ({@code du --block-size=1}: allocated blocks, so sparse files count only what they hold).
 */
final class DeviceIo {
    private DeviceIo() {}

    /** Bytes this process has caused to be written to the device so far. */
    static long writtenBytes() {
        long write = 0;
        long cancelled = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    write = Long.parseLong(line.substring(12).trim());
                } else if (line.startsWith("cancelled_write_bytes:")) {
                    cancelled = Long.parseLong(line.substring(22).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return write - cancelled;
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
