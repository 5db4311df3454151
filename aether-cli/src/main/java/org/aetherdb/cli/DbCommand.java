package org.aetherdb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.aetherdb.AetherDB;
import org.aetherdb.Options;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the database directory (first positional argument), the writers,
 * and opening the database. Commands that only read never create a database: a mistyped
 * directory is reported as "no AetherDB database in DIR" rather than silently created.
 */
abstract class DbCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The database directory.")
    Path dir;

    @Spec
    CommandSpec spec;

    @ParentCommand
    AetherCli cli;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error (exit 2, with the command's usage message). */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Decodes a key or value argument, turning bad hex into a usage error. */
    byte[] decode(Encoding encoding, String what, String arg) {
        try {
            return encoding.decode(arg);
        } catch (IllegalArgumentException e) {
            throw usage(what + ": " + e.getMessage());
        }
    }

    /** Decodes a key argument: like {@link #decode}, and a key must not be empty. */
    byte[] decodeKey(Encoding encoding, String what, String arg) {
        byte[] key = decode(encoding, what, arg);
        if (key.length == 0) {
            throw usage(what + " must not be empty");
        }
        return key;
    }

    /** Options from the command's mixins (either may be null); bad values are usage errors. */
    Options.Builder options(WriteOptions write, CreateOptions create) {
        Options.Builder options = Options.builder();
        try {
            if (write != null) {
                write.apply(options);
            }
            if (create != null) {
                create.apply(options);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return options;
    }

    /** Opens an existing database; fails with exit 4 when {@link #dir} holds none. */
    AetherDB openExisting(Options.Builder options) {
        requireDatabase(dir);
        return AetherDB.open(dir, options.createIfMissing(false).build());
    }

    /** Opens the database, creating the directory and the database when {@code create}. */
    AetherDB open(Options.Builder options, boolean create) {
        if (!create) {
            return openExisting(options);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AetherDB.open(dir, options.createIfMissing(true).build());
    }

    /**
     * Fails with exit 4 unless {@code dir} is a non-empty directory. What an AetherDB directory
     * holds is the engine's business; it reports anything else it finds there itself.
     */
    static void requireDatabase(Path dir) {
        if (!Files.exists(dir)) {
            throw new CliException(Exit.DATABASE, "no AetherDB database in " + dir + " (no such directory)");
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(Exit.DATABASE, "no AetherDB database in " + dir + " (not a directory)");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                throw new CliException(Exit.DATABASE, "no AetherDB database in " + dir + " (directory is empty)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
