package org.aetherdb.cli;

import org.aetherdb.AetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aether get DIR KEY}: prints the value, or exits 1 when the key is absent. */
@Command(name = "get",
        description = {"Print the value stored under KEY, followed by a newline.",
                "Exits with 1 (and a message on stderr) when KEY is absent."})
final class GetCommand extends DbCommand {
    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Mixin
    HexOption hex;

    @Override
    public Integer call() {
        Encoding enc = hex.encoding(cli);
        byte[] k = decodeKey(enc, "KEY", key);
        byte[] value;
        try (AetherDB db = openExisting(options(null, null).readOnly(true))) {
            value = db.get(k);
        }
        if (value == null) {
            err().println("aether: key not found: " + enc.format(k));
            return Exit.NOT_FOUND;
        }
        out().println(enc.format(value));
        return Exit.OK;
    }
}
