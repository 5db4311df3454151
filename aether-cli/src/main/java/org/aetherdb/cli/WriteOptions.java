package org.aetherdb.cli;

import org.aetherdb.Durability;
import org.aetherdb.Options;
import picocli.CommandLine.Option;

/** {@code --durability} for commands that write. */
final class WriteOptions {
    @Option(names = "--durability", paramLabel = "SYNC|ASYNC|NONE", defaultValue = "SYNC",
            description = "When a write is durable: SYNC (fsynced before returning, default), ASYNC "
                    + "(fsynced shortly after), NONE (at the next checkpoint).")
    Durability durability;

    Options.Builder apply(Options.Builder options) {
        return options.durability(durability);
    }
}
