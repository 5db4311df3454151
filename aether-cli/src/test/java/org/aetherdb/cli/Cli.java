package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdb.AetherDB;
import org.aetherdb.WriteBatch;

/** Runs {@code aether} in-process with scripted stdin and captured stdout/stderr. */
final class Cli {
    record Result(int exit, String out, String err) {
        /** Asserts success and returns this. */
        Result ok() {
            assertEquals(0, exit, () -> "exit " + exit + ", stderr: " + err);
            return this;
        }

        /** The output lines (no trailing empty line). */
        String[] lines() {
            String s = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
            return s.isEmpty() ? new String[0] : s.split("\n", -1);
        }

        /** Asserts that nothing looks like a stack trace. */
        Result noStackTrace() {
            assertFalse(err.contains("\tat ") || err.contains("Exception:"), () -> "stack trace on stderr: " + err);
            return this;
        }
    }

    private Cli() {}

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static Result runWithInput(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), false, args);
    }

    static Result run(byte[] stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AetherCli cli = new AetherCli(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8, interactive);
        int exit = AetherCli.commandLine(cli).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    /** Creates the database in {@code db} holding the {@code key, value} pairs (UTF-8), through the API. */
    static void seed(Path db, String... keysAndValues) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            batch.put(keysAndValues[i].getBytes(StandardCharsets.UTF_8), keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        seed(db, batch);
    }

    static void seed(Path db, WriteBatch batch) {
        try {
            Files.createDirectories(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (AetherDB adb = AetherDB.open(db)) {
            adb.write(batch);
        }
    }
}
