package org.aetherdb.cli;

import org.aetherdb.AetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aether put DIR KEY VALUE}: stores one entry, creating the database if needed. */
@Command(name = "put",
        description = "Store VALUE under KEY (replacing any previous value).")
final class PutCommand extends DbCommand {
    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Parameters(index = "2", paramLabel = "VALUE")
    String value;

    @Mixin
    HexOption hex;

    @Mixin
    WriteOptions write;

    @Mixin
    CreateOptions create;

    @Override
    public Integer call() {
        Encoding enc = hex.encoding(cli);
        byte[] k = decodeKey(enc, "KEY", key);
        byte[] v = decode(enc, "VALUE", value);
        try (AetherDB db = open(options(write, create), create.create)) {
            db.put(k, v);
        }
        return Exit.OK;
    }
}
