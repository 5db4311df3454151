package org.aetherdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Op;
import org.aetherdb.io.NioFileIO;

/**
 * The child process of {@link KillCrashTest}: opens the database in {@code args[0]} (SYNC, 4 KiB
 * pages, timed checkpoints every 100 ms plus explicit ones), then {@code args[1]} writer threads
 * commit {@link PowerLossTest#threadBatch} batches (even threads with {@code write}, odd threads
 * as SERIALIZABLE transactions that also read their previous batch's marker, so transactions
 * and plain writes commit concurrently), thread t starting at the sequence number
 * given in the comma-separated {@code args[2]}. It prints {@code START} on stdout once open, and
 * after each write returns appends {@code ACK <thread> <seq>} to the file {@code args[3]}.
 * Runs until killed.
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
        // ACKs go to a file, one write() per line: what a killed process wrote is in the page cache
        // and readable by the parent, with no pipe or stream buffering in between.
        java.io.FileOutputStream acks = new java.io.FileOutputStream(args[3], true);
        AetherDB db = AetherDB.open(dir, options);
        System.out.println("START");
        System.out.flush();
        for (int t = 0; t < threads; t++) {
            int id = t;
            int start = Integer.parseInt(starts[t]);
            Thread th = new Thread(() -> {
                for (int s = start; ; s++) {
                    if (id % 2 == 0) {
                        db.write(PowerLossTest.threadBatch(id, s));
                    } else {
                        commitAsTransaction(db, id, s);
                    }
                    byte[] line = ("ACK " + id + " " + s + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    synchronized (acks) {
                        try {
                            acks.write(line);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
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

    /** The same batch as one transaction; its read of the thread's marker never conflicts (one writer per marker). */
    private static void commitAsTransaction(AetherDB db, int id, int s) {
        WriteBatch batch = PowerLossTest.threadBatch(id, s);
        db.runInTransaction(tx -> {
            byte[] last = tx.get(Bytes.utf8("last/" + id));
            if (s > 0 && last == null) {
                throw new IllegalStateException("thread " + id + " batch " + s + ": previous batch missing from the snapshot");
            }
            for (Op op : batch.ops()) {
                tx.put(op.key(), ((Inline) op.value()).bytes());
            }
            tx.commit();
            return null;
        });
    }
}
