package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a run's figures came from: the git commit (and whether the tree was dirty) and the disk. */
final class Provenance {
    private Provenance() {}

    /** The checkout: {@code -Daether.bench.project}, else the folder above this module's {@code target/}, else the working directory. */
    static Path checkout() {
        String p = System.getProperty("aether.bench.project");
        if (p != null) {
            return Path.of(p);
        }
        try {
            Path here = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = here; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve(".git")) || Files.isRegularFile(d.resolve(".git"))) {
                    return d;
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }

    /** Short commit hash, plus " (dirty: N changed files)" when the work tree differs from it; "unknown" without git. */
    static String gitCommit() {
        Path dir = checkout();
        String head = git(dir, "rev-parse", "--short=10", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown (no git checkout found at " + dir + ")";
        }
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        long changed = status == null ? 0 : status.lines().filter(l -> !l.isBlank()).count();
        return head.trim() + (changed == 0 ? " (clean)" : " (dirty: " + changed + " changed files)");
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The output directory's file system, device, size and whether the device is rotational. */
    static String disk(Path out) {
        try {
            FileStore fs = Files.getFileStore(out);
            String dev = fs.name();
            String base = dev.startsWith("/dev/") ? dev.substring(5).replaceAll("\\d+$", "") : dev;
            String rotational = read(Path.of("/sys/block", base, "queue", "rotational"));
            String kind = rotational == null ? "" : rotational.equals("1") ? ", rotational" : ", non-rotational";
            return fs.type() + " on " + dev + " (" + (fs.getTotalSpace() >> 30) + " GiB, " + (fs.getUsableSpace() >> 30)
                    + " GiB free" + kind + ")";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
