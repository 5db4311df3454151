package org.aetherdb.cli;

import org.aetherdb.Options;
import picocli.CommandLine.Option;

/** {@code --[no-]create} and {@code --page-size} for commands that may create the database. */
final class CreateOptions {
    @Option(names = "--create", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create the database when DIR holds none (default; --no-create makes that an error).")
    boolean create;

    @Option(names = "--page-size", paramLabel = "BYTES",
            description = "Page size of a new database: a power of two from 4096 to 65536 (default 16384). "
                    + "An existing database keeps its own; giving another one is an error.")
    Integer pageSize;

    /**
     * @throws IllegalArgumentException when the page size is out of range
     */
    Options.Builder apply(Options.Builder options) {
        return pageSize == null ? options : options.pageSize(pageSize);
    }
}
