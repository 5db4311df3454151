package org.aetherdb.cli;

import org.aetherdb.AetherDB;
import picocli.CommandLine.Command;

/** {@code aether checkpoint DIR}: writes everything to the data file and prints the checkpoint's sequence. */
@Command(name = "checkpoint",
        description = "Checkpoint the database (recovery then starts from here) and print the sequence it covers.")
final class CheckpointCommand extends DbCommand {
    @Override
    public Integer call() {
        try (AetherDB db = openExisting(options(null, null))) {
            db.checkpoint();
            out().println("checkpointSequence: " + db.stats().checkpointSequence());
        }
        return Exit.OK;
    }
}
