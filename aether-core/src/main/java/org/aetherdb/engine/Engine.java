package org.aetherdb.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.Stats;
import org.aetherdb.VerifyReport;
import org.aetherdb.io.FileIO;

/** The storage engine behind {@link org.aetherdb.AetherDB}. (Being written.) */
public final class Engine implements AutoCloseable {
    public static Engine open(Path dir, Options options) {
        throw new UnsupportedOperationException("engine not yet implemented");
    }

    public static VerifyReport verify(Path dir, FileIO io, LongConsumer progress) {
        throw new UnsupportedOperationException("engine not yet implemented");
    }

    public static void dump(Path dir, FileIO io, java.io.PrintStream out) {
        throw new UnsupportedOperationException("engine not yet implemented");
    }

    public int pageSize() { throw new UnsupportedOperationException(); }
    public int maxKeySize() { throw new UnsupportedOperationException(); }
    public byte[] get(byte[] key) { throw new UnsupportedOperationException(); }
    public ReadView openView() { throw new UnsupportedOperationException(); }
    public void commit(List<Mutation> mutations, Durability durability) { throw new UnsupportedOperationException(); }
    public void checkOpen() { throw new UnsupportedOperationException(); }
    public void checkpoint() { throw new UnsupportedOperationException(); }
    public Stats stats() { throw new UnsupportedOperationException(); }
    @Override public void close() { throw new UnsupportedOperationException(); }
}
