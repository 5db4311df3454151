package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aetherdb.io.MemFileIO;

/**
 * One trial on a damaged database image, shared by the corruption tests: open, read everything
 * every way (forward scan, backward scan, a get of every key), close, verify. The rule: every
 * read returns exactly the data of one of the allowed states, or throws a
 * {@link CorruptionException} whose message names the damaged file and whose offset is known;
 * nothing else (no other exception or error, no hang); and when reads reported corruption,
 * {@code verify} locates it too.
 *
 * <p>The outcome says what the damage did: {@link Outcome#EXACT} (the first allowed state was
 * read in full), {@link Outcome#OLDER_ALLOWED} (a later allowed state: the documented loss of a
 * torn last record), {@link Outcome#CORRUPTION} (reported). A broken rule is an AssertionError.
 */
final class DamageTrial {
    enum Outcome { EXACT, OLDER_ALLOWED, CORRUPTION }

    private DamageTrial() {}

    /** Runs trials on one reusable thread so a hang fails the trial that hung, not the JVM. */
    static final class Runner implements AutoCloseable {
        private final ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "damage-trial");
            t.setDaemon(true);
            return t;
        });
        private final long timeoutSeconds;

        Runner(long timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
        }

        Outcome run(String what, MemFileIO fs, Path dir, Options options, String damagedFile,
                    List<NavigableMap<byte[], byte[]>> allowed) {
            Future<Outcome> f = exec.submit(() -> runTrial(what, fs, dir, options, damagedFile, allowed));
            try {
                return f.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new AssertionError(what + ": hung (more than " + timeoutSeconds + " s)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted", e);
            } catch (ExecutionException e) {
                Throwable t = e.getCause();
                if (t instanceof AssertionError a) {
                    throw a;
                }
                throw new AssertionError(what + ": " + t, t);
            }
        }

        @Override
        public void close() {
            exec.shutdownNow();
        }
    }

    /** Tallies of outcomes, printed so a run shows what the damage did. */
    static final class Stats {
        int exact;
        int olderAllowed;
        int corruptionReported;
        final List<String> failures = new ArrayList<>();

        /** Runs one trial; a failed trial is recorded and the next one still runs. */
        void add(String what, java.util.function.Supplier<Outcome> trial) {
            Outcome o;
            try {
                o = trial.get();
            } catch (AssertionError e) {
                failures.add(String.valueOf(e.getMessage()).lines().findFirst().orElse(what));
                return;
            }
            switch (o) {
                case EXACT -> exact++;
                case OLDER_ALLOWED -> olderAllowed++;
                case CORRUPTION -> corruptionReported++;
            }
        }

        int total() {
            return exact + olderAllowed + corruptionReported + failures.size();
        }

        void failIfAny() {
            if (!failures.isEmpty()) {
                fail(failures.size() + " of " + total() + " trials broke the rule (first 12 shown):\n  "
                        + String.join("\n  ", failures.subList(0, Math.min(12, failures.size()))));
            }
        }

        @Override
        public String toString() {
            return total() + " trials: " + exact + " read the right data, " + olderAllowed + " lost only the torn last commit, "
                    + corruptionReported + " reported corruption, " + failures.size() + " FAILED";
        }
    }

    static void requireNamed(String what, String step, CorruptionException e, String damagedFile) {
        if (e.getMessage() == null || !e.getMessage().contains(damagedFile)) {
            throw new AssertionError(what + ": " + step + " threw a CorruptionException that does not name " + damagedFile + ": " + e, e);
        }
        if (e.offset() < 0) {
            throw new AssertionError(what + ": " + step + " threw a CorruptionException without an offset: " + e, e);
        }
    }

    /** Open, read everything every way, close, verify; classify or fail. */
    static Outcome runTrial(String what, MemFileIO fs, Path dir, Options options, String damagedFile,
                            List<NavigableMap<byte[], byte[]>> allowed) {
        boolean corruption = false;
        int matched = -1;
        AetherDB db = null;
        try {
            db = AetherDB.open(dir, options);
        } catch (CorruptionException e) {
            requireNamed(what, "open", e, damagedFile);
            corruption = true;
        } catch (Throwable t) {
            throw new AssertionError(what + ": open threw " + t + " (only CorruptionException is allowed)", t);
        }
        if (db != null) {
            try {
                Reading reading = new Reading(what, damagedFile, allowed);
                reading.readEverything(db);
                corruption = reading.corruption;
                matched = reading.candidates.size() == 1 || !corruption ? reading.candidates.get(0) : -1;
            } finally {
                try {
                    db.close();
                } catch (CorruptionException e) {
                    requireNamed(what, "close", e, damagedFile);
                    corruption = true;
                } catch (Throwable t) {
                    throw new AssertionError(what + ": close threw " + t, t);
                }
            }
        }
        checkVerify(what, fs, dir, options, damagedFile, corruption);
        if (corruption) {
            return Outcome.CORRUPTION;
        }
        return matched == 0 ? Outcome.EXACT : Outcome.OLDER_ALLOWED;
    }

    private static void checkVerify(String what, MemFileIO fs, Path dir, Options options, String damagedFile, boolean corruptionSeen) {
        VerifyReport report;
        try {
            report = AetherDB.verify(dir, options, done -> { });
        } catch (CorruptionException e) {
            requireNamed(what, "verify", e, damagedFile);
            return;
        } catch (Throwable t) {
            throw new AssertionError(what + ": verify threw " + t, t);
        }
        if (corruptionSeen) {
            assertFalse(report.isOk(), what + ": reads reported corruption but verify found nothing: " + report);
            assertTrue(report.problems().stream().anyMatch(p -> p.contains(damagedFile)),
                    what + ": verify does not locate the damage in " + damagedFile + ": " + report);
        }
        List<String> names = TestDb.list(fs, dir);
        for (String p : report.problems()) {
            assertTrue(names.stream().anyMatch(p::contains), what + ": verify problem does not name a file: " + p);
        }
    }

    /**
     * Reads a possibly damaged database every way while narrowing the allowed states down to
     * those consistent with what was returned.
     */
    private static final class Reading {
        final String what;
        final String damagedFile;
        final List<NavigableMap<byte[], byte[]>> allowed;
        final List<Integer> candidates = new ArrayList<>();
        boolean corruption;

        Reading(String what, String damagedFile, List<NavigableMap<byte[], byte[]>> allowed) {
            this.what = what;
            this.damagedFile = damagedFile;
            this.allowed = allowed;
            for (int i = 0; i < allowed.size(); i++) {
                candidates.add(i);
            }
        }

        void readEverything(AetherDB db) {
            scan(db, true);
            scan(db, false);
            TreeSet<byte[]> keys = new TreeSet<>(Bytes.ORDER);
            allowed.forEach(m -> keys.addAll(m.keySet()));
            for (byte[] k : keys) {
                byte[] v;
                try {
                    v = db.get(k);
                } catch (CorruptionException e) {
                    requireNamed(what, "get", e, damagedFile);
                    corruption = true;
                    continue;
                }
                narrow("get " + Bytes.show(k) + " returned " + Bytes.show(v), m -> Arrays.equals(m.get(k), v));
            }
        }

        private void narrow(String observation, java.util.function.Predicate<NavigableMap<byte[], byte[]>> consistent) {
            candidates.removeIf(i -> !consistent.test(allowed.get(i)));
            if (candidates.isEmpty()) {
                fail(what + ": WRONG DATA: " + observation + ", which no allowed state shows");
            }
        }

        private void scan(AetherDB db, boolean forward) {
            List<Map.Entry<byte[], byte[]>> seen = new ArrayList<>();
            boolean complete = false;
            try (Cursor c = db.newCursor()) {
                if (forward) {
                    c.seekToFirst();
                } else {
                    c.seekToLast();
                }
                while (c.isValid()) {
                    seen.add(Map.entry(c.key(), c.value()));
                    if (forward) {
                        c.next();
                    } else {
                        c.prev();
                    }
                }
                complete = true;
            } catch (CorruptionException e) {
                requireNamed(what, (forward ? "forward" : "backward") + " scan", e, damagedFile);
                corruption = true;
            }
            boolean full = complete;
            narrow((forward ? "forward" : "backward") + " scan returned " + seen.size() + " entries" + (full ? "" : " before corruption")
                    + (seen.isEmpty() ? "" : ", last " + Bytes.show(seen.get(seen.size() - 1).getKey())),
                    m -> scanConsistent(forward ? m : m.descendingMap(), seen, full));
        }

        private static boolean scanConsistent(NavigableMap<byte[], byte[]> m, List<Map.Entry<byte[], byte[]>> seen, boolean full) {
            if (full ? m.size() != seen.size() : m.size() < seen.size()) {
                return false;
            }
            int i = 0;
            for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
                if (i == seen.size()) {
                    break;
                }
                Map.Entry<byte[], byte[]> s = seen.get(i++);
                if (!Arrays.equals(e.getKey(), s.getKey()) || !Arrays.equals(e.getValue(), s.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }
}
