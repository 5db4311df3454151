package org.aetherdb.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PageCache#drop}: counts the bytes it asked to drop, fails loudly; timing is never asserted. */
class PageCacheTest {
    @Test
    void dropsA64MiBFileItJustRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub").resolve("data");
        Files.createDirectories(f.getParent());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (int i = 0; i < 64; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
            }
        }
        try (InputStream in = Files.newInputStream(f)) {
            while (in.read(chunk) > 0) {
                // pull it into the page cache
            }
        }
        assertEquals(64L << 20, PageCache.drop(dir));
        assertEquals(64L << 20, PageCache.drop(f));
    }

    @Test
    void aMissingDirectoryIsAnIOException(@TempDir Path dir) {
        assertThrows(IOException.class, () -> PageCache.drop(dir.resolve("absent")));
    }
}
