package org.aetherdb.bench;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Counts fsync-family system calls in an {@code strace -f -o} log between two markers that the child
 * leaves as failing {@code mkdir} calls ({@link BenchChild#straceMarker}). A call that strace splits
 * across lines ({@code <unfinished ...>} then {@code <... resumed>}) counts once, at its start.
 */
final class FsyncCount {
    private static final Pattern SYNC_CALL = Pattern.compile("^(\\d+\\s+)?(fsync|fdatasync|msync|sync_file_range)\\(");

    private FsyncCount() {}

    static int between(List<String> lines, String begin, String end) {
        int count = 0;
        boolean inside = false;
        for (String line : lines) {
            if (line.contains("aether-bench-marker-" + begin)) {
                inside = true;
            } else if (line.contains("aether-bench-marker-" + end)) {
                return count;
            } else if (inside && SYNC_CALL.matcher(line).find()) {
                count++;
            }
        }
        throw new IllegalStateException("strace log has no marker pair " + begin + "/" + end);
    }
}
