package org.aetherdb;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.aetherdb.io.NioFileIO;

/**
 * The child process of {@link KillCrashTest}: opens the database in {@code args[0]} (SYNC, 4 KiB
 * pages, timed checkpoints every 100 ms plus explicit ones), then {@code args[1]} writer threads
 * commit {@link PowerLossTest#threadBatch} batches, thread t starting at the sequence number
 * given in the comma-separated {@code args[2]}. After each write returns it prints
 * {@code ACK <thread> <seq>}. Runs until killed.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String[] starts = args[2].split(",");
        Options options = TestDb.options(NioFileIO.INSTANCE)
                .durability(Durability.SYNC)
                .checkpointInterval(Duration.ofMillis(100))
                .build();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        // Acknowledgements also go to a file (kill -9 keeps what was written to it), so the parent
        // does not depend on how much of a killed child's pipe it manages to read.
        java.io.FileOutputStream ackFile = new java.io.FileOutputStream(args[3], true);
        AetherDB db = AetherDB.open(dir, options);
        out.println("START");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int id = t;
            int start = Integer.parseInt(starts[t]);
            Thread th = new Thread(() -> {
                for (int s = start; ; s++) {
                    db.write(PowerLossTest.threadBatch(id, s));
                    synchronized (out) {
                        try {
                            ackFile.write(("ACK " + id + " " + s + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        out.println("ACK " + id + " " + s);
                        out.flush();
                    }
                }
            }, "crash-writer-" + t);
            th.start();
        }
        while (true) {
            Thread.sleep(50 + ThreadLocalRandom.current().nextInt(100));
            db.checkpoint();
        }
    }
}
