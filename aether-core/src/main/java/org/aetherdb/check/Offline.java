package org.aetherdb.check;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.aetherdb.error.EngineException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.io.FileIO;
import org.aetherdb.recovery.DatabaseDirectory;

/** Work on a closed database ({@code verify}, {@code dump}): holds the directory's lock meanwhile. */
public final class Offline {
    private Offline() {}

    public static VerifyResult verify(FileIO io, Path dir, LongConsumer progress) {
        return locked(io, dir, "verify", () -> new Verifier(io, dir, progress).run());
    }

    public static void dump(FileIO io, Path dir, PrintStream out) {
        locked(io, dir, "dump", () -> {
            new Dumper(io, dir, out).run();
            return null;
        });
    }

    /** Runs {@code work} under the lock; I/O errors become {@link EngineIoException}. */
    private static <T> T locked(FileIO io, Path dir, String what, Callable<T> work) {
        try (AutoCloseable lock = DatabaseDirectory.lock(io, dir)) {
            return work.call();
        } catch (EngineException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineIoException("cannot " + what + " " + dir + ": " + e.getMessage(), e);
        }
    }
}
