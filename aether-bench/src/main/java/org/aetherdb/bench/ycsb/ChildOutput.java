package org.aetherdb.bench.ycsb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A YCSB child's two output streams, each drained by its own daemon thread so the parent never
 * blocks on a pipe and can time the child out: stdout is kept whole (the final measurement lines
 * are parsed from it), stderr is forwarded to our stderr when it is a status line (YCSB's {@code -s}:
 * "... N sec: N operations; X current ops/sec; ...") and otherwise kept as a bounded tail for the
 * error message of a failed phase.
 */
final class ChildOutput {
    private static final Pattern STATUS = Pattern.compile(".*\\d+ sec: \\d+ operations;.*");
    private static final int TAIL = 30;

    private final List<String> stdout = new ArrayList<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final List<Thread> readers = new ArrayList<>();

    private ChildOutput() {}

    /** Starts draining {@code proc}'s stdout and stderr; status lines go to our stderr after {@code prefix}. */
    static ChildOutput follow(Process proc, String prefix) {
        ChildOutput o = new ChildOutput();
        o.readers.add(drain(proc.getInputStream(), o::out));
        o.readers.add(drain(proc.getErrorStream(), line -> o.err(prefix, line)));
        return o;
    }

    private static Thread drain(InputStream in, Consumer<String> sink) {
        return Thread.ofPlatform().daemon().name("ycsb-child-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the pipe closed under us (the child was killed): nothing more to read
            }
        });
    }

    private synchronized void out(String line) {
        stdout.add(line);
    }

    private void err(String prefix, String line) {
        if (STATUS.matcher(line).matches()) {
            System.err.println(prefix + line);
            return;
        }
        synchronized (this) {
            stderr.addLast(line);
            if (stderr.size() > TAIL) {
                stderr.removeFirst();
            }
        }
    }

    /** Waits (bounded) for both streams to reach end of file: the child and its descendants have exited. */
    void join() throws InterruptedException {
        for (Thread t : readers) {
            t.join(10_000);
        }
    }

    synchronized List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** The last lines of stderr (status lines excepted) and of stdout, for an error message. */
    synchronized String tail() {
        List<String> out = stdout.subList(Math.max(0, stdout.size() - TAIL), stdout.size());
        return "stderr:\n" + String.join("\n", stderr) + "\nstdout:\n" + String.join("\n", out);
    }
}
