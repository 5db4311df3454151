package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.aetherdb.CorruptionException;
import org.aetherdb.DatabaseLockedException;
import org.aetherdb.IncompatibleFormatException;
import org.aetherdb.StorageException;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {
    @Test
    void mapsEachKindOfFailureToItsExitCode() {
        assertEquals(Exit.DATABASE, ErrorHandler.exitCode(new CorruptionException("data", 4096, "bad crc")));
        assertEquals(Exit.DATABASE, ErrorHandler.exitCode(new DatabaseLockedException("locked")));
        assertEquals(Exit.DATABASE, ErrorHandler.exitCode(new IncompatibleFormatException("v9")));
        assertEquals(Exit.IO, ErrorHandler.exitCode(new StorageException("write failed", new IOException("disk full"))));
        assertEquals(Exit.IO, ErrorHandler.exitCode(new UncheckedIOException(new IOException("x"))));
        assertEquals(Exit.IO, ErrorHandler.exitCode(new IllegalStateException("bug")));
        assertEquals(Exit.USAGE, ErrorHandler.exitCode(new IllegalArgumentException("key too long")));
        assertEquals(Exit.NOT_FOUND, ErrorHandler.exitCode(new CliException(Exit.NOT_FOUND, "absent")));
    }

    @Test
    void messagesAreOneReadableLine() {
        assertEquals("corruption in data at offset 4096: bad crc",
                ErrorHandler.message(new CorruptionException("data", 4096, "bad crc")));
        assertEquals("no such file: /x/y", ErrorHandler.message(new UncheckedIOException(new NoSuchFileException("/x/y"))));
        assertEquals("write failed (disk full)",
                ErrorHandler.message(new StorageException("write failed", new IOException("disk full"))));
        assertEquals("NullPointerException", ErrorHandler.message(new NullPointerException()));
        assertEquals("bug (IllegalStateException)", ErrorHandler.message(new IllegalStateException("bug")));
    }
}
