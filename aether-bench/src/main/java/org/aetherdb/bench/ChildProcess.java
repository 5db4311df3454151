package org.aetherdb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one child process with a deadline: its stdout is read line by line on a thread of its own
 * (so a child that hangs without closing stdout cannot block the parent), stderr is inherited, and
 * a child still alive at its timeout is killed together with its descendants.
 */
public final class ChildProcess {
    /** How a child ended. {@code exitCode} is -1 when it was killed at its timeout. */
    record Outcome(boolean timedOut, int exitCode, double seconds) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }

        String describe(long timeoutSeconds) {
            return timedOut ? "timeout after " + timeoutSeconds + " s, killed" : "exit " + exitCode;
        }
    }

    private ChildProcess() {}

    static Outcome run(List<String> cmd, long timeoutSeconds, Consumer<String> stdoutLines) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader = Thread.ofPlatform().daemon().name("child-stdout").start(() -> pump(proc, stdoutLines));
        boolean finished = proc.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            kill(proc);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        double s = (System.nanoTime() - t0) / 1e9;
        return new Outcome(!finished, finished ? proc.exitValue() : -1, s);
    }

    private static void pump(Process proc, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            if (proc.isAlive()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Kills the child and everything it started (the YCSB runner's phases too), and waits until they are gone. */
    public static void kill(Process proc) throws InterruptedException {
        List<ProcessHandle> all = proc.descendants().toList();
        all.forEach(ProcessHandle::destroyForcibly);
        proc.destroyForcibly();
        proc.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle h : all) {
            h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join();
        }
    }
}
