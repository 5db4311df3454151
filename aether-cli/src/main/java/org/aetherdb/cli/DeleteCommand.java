package org.aetherdb.cli;

import org.aetherdb.AetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aether delete DIR KEY}: removes one entry (removing an absent key is not an error). */
@Command(name = "delete",
        description = "Remove KEY; removing an absent key is not an error.")
final class DeleteCommand extends DbCommand {
    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Mixin
    HexOption hex;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        byte[] k = decodeKey(hex.encoding(cli), "KEY", key);
        try (AetherDB db = openExisting(options(write, null))) {
            db.delete(k);
        }
        return Exit.OK;
    }
}
