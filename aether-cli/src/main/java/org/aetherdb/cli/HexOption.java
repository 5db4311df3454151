package org.aetherdb.cli;

import picocli.CommandLine.Option;

/** {@code --hex}: keys and values on the command line and in the output are hex. */
final class HexOption {
    @Option(names = "--hex", description = "Keys and values, given and printed, are hex (e.g. 0a0bff).")
    boolean hex;

    Encoding encoding(AetherCli cli) {
        return new Encoding(hex, cli.outEncoder());
    }
}
