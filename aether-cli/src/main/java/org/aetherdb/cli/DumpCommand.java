package org.aetherdb.cli;

import org.aetherdb.AetherDB;
import org.aetherdb.Options;
import picocli.CommandLine.Command;

/** {@code aether dump DIR}: the engine's page-level description of a closed database, for debugging. */
@Command(name = "dump",
        description = "Describe the (closed) database page by page: superblocks, pages, free list, log records.")
final class DumpCommand extends DbCommand {
    @Override
    public Integer call() {
        requireDatabase(dir);
        out().flush();
        try {
            AetherDB.dump(dir, Options.defaults(), cli.stdout());
        } finally {
            cli.stdout().flush();
        }
        return Exit.OK;
    }
}
