package org.aetherdb;

import java.nio.file.Path;
import org.aetherdb.engine.Environment;

/** Test-only bridge to the package-private simulation seam of {@link AetherDB}. */
public final class SimAccess {
    private SimAccess() {}

    /** Opens {@code dir} with the clock, background scheduling and salts of {@code env}. */
    public static AetherDB open(Path dir, Options options, Environment env) {
        return AetherDB.open(dir, options, env);
    }

    /** Runs the log's write-behind force now (the background runs it behind no-fsync writers). */
    public static void writeBehind(AetherDB db) {
        db.writeBehind();
    }
}
