package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aetherdb.WriteBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    @TempDir
    Path tmp;

    private String db;

    @BeforeEach
    void seed() {
        Path dir = tmp.resolve("db");
        Cli.seed(dir, "apple", "1", "apricot", "2", "banana", "3", "blueberry", "4", "cherry", "5");
        db = dir.toString();
    }

    private String[] scan(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "scan";
        args[1] = db;
        System.arraycopy(options, 0, args, 2, options.length);
        return Cli.run(args).ok().lines();
    }

    @Test
    void printsEveryEntryInKeyOrder() {
        assertArrayEquals(new String[] {"apple\t1", "apricot\t2", "banana\t3", "blueberry\t4", "cherry\t5"}, scan());
    }

    @Test
    void prefixLimitAndKeysOnly() {
        assertArrayEquals(new String[] {"apple\t1", "apricot\t2"}, scan("--prefix", "ap"));
        assertArrayEquals(new String[] {"banana"}, scan("--prefix", "b", "--limit", "1", "--keys-only"));
        assertArrayEquals(new String[0], scan("--prefix", "zz"));
        assertArrayEquals(new String[0], scan("--limit", "0"));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        assertArrayEquals(new String[] {"apricot\t2", "banana\t3"}, scan("--from", "apricot", "--to", "blueberry"));
        assertArrayEquals(new String[] {"banana\t3", "blueberry\t4"}, scan("--from", "b", "--to", "c"));
    }

    @Test
    void reverseIteratesDownFromTheUpperEnd() {
        assertArrayEquals(new String[] {"cherry", "blueberry", "banana", "apricot", "apple"}, scan("--reverse", "--keys-only"));
        assertArrayEquals(new String[] {"banana\t3", "apricot\t2"},
                scan("--reverse", "--from", "apricot", "--to", "blueberry"));
        assertArrayEquals(new String[] {"blueberry", "banana"}, scan("--reverse", "--to", "c", "--limit", "2", "--keys-only"));
        assertArrayEquals(new String[] {"blueberry\t4", "banana\t3"}, scan("--reverse", "--prefix", "b"));
    }

    @Test
    void hexBoundsAndOutput() {
        // "b" = 62, "c" = 63; "banana" = 62616e616e61, "3" = 33
        assertArrayEquals(new String[] {"62616e616e61\t33", "626c75656265727279\t34"}, scan("--hex", "--from", "62", "--to", "63"));
        assertArrayEquals(new String[] {"6170706c65"}, scan("--hex", "--prefix", "6170", "--limit", "1", "--keys-only"));
    }

    @Test
    void nonPrintableBytesAreEscapedSoEachEntryIsOneLine() {
        Cli.seed(tmp.resolve("bin"), new WriteBatch().put(new byte[] {'k', '\t', 1}, new byte[] {'l', '\n', '\\', (byte) 0xfe}));
        Cli.Result r = Cli.run("scan", tmp.resolve("bin").toString()).ok();
        assertEquals("k\\x09\\x01\tl\\x0a\\\\\\xfe\n", r.out());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(Exit.USAGE, Cli.run("scan", db, "--limit", "-1").noStackTrace().exit());
        assertEquals(Exit.USAGE, Cli.run("scan", db, "--limit", "many").noStackTrace().exit());
        Cli.Result badHex = Cli.run("scan", db, "--hex", "--prefix", "xyz").noStackTrace();
        assertEquals(Exit.USAGE, badHex.exit());
        assertTrue(badHex.err().contains("--prefix: invalid hex"), badHex.err());
    }

    @Test
    void missingDatabaseIsAnError() {
        Cli.Result r = Cli.run("scan", tmp.resolve("nope").toString()).noStackTrace();
        assertEquals(Exit.DATABASE, r.exit());
        assertTrue(r.err().contains("no AetherDB database in"), r.err());
    }
}
