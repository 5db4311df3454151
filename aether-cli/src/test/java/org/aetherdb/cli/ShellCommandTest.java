package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandTest {
    @TempDir
    Path tmp;

    private Cli.Result shell(String script) {
        return Cli.runWithInput(script, "shell", tmp.resolve("db").toString()).ok();
    }

    @Test
    void runsAScriptAndClosesTheDatabaseAtEndOfInput() {
        Cli.Result r = shell("""
                put fruit:apple red
                put fruit:kiwi "fuzzy green"
                put veg:leek white
                get fruit:kiwi
                scan fruit:
                scan "" 1
                delete fruit:apple
                get fruit:apple
                """);
        assertArrayEquals(new String[] {"fuzzy green", "fruit:apple\tred", "fruit:kiwi\tfuzzy green",
                "fruit:apple\tred"}, r.lines());
        assertTrue(r.err().contains("not found: fruit:apple"), r.err());
        assertFalse(r.out().contains(ShellCommand.PROMPT), "no prompt when stdin is not a terminal");
        // A second open succeeds only if the shell closed the database.
        assertEquals("white\n", Cli.run("get", tmp.resolve("db").toString(), "veg:leek").ok().out());
    }

    @Test
    void transactionsBufferWritesUntilCommitAndRollbackDiscardsThem() {
        Cli.Result r = shell("""
                put a 1
                begin
                put b 2
                delete a
                get b
                scan
                rollback
                scan
                begin
                put c 3
                commit
                scan
                """);
        assertArrayEquals(new String[] {"2", "b\t2", "a\t1", "a\t1", "c\t3"}, r.lines());
        assertEquals("", r.err());
    }

    @Test
    void errorsArePrintedAndTheShellGoesOn() {
        Cli.Result r = shell("""
                frobnicate
                put onlykey
                put k "unterminated
                commit
                begin
                begin
                scan "" many
                put k v
                quit
                put after quit
                """);
        String[] errors = r.err().lines().toArray(String[]::new);
        assertEquals(7, errors.length, r.err());
        assertTrue(errors[0].startsWith("error: unknown command 'frobnicate'"), errors[0]);
        assertTrue(errors[1].contains("usage: put KEY VALUE"), errors[1]);
        assertTrue(errors[2].contains("unterminated quote"), errors[2]);
        assertTrue(errors[3].contains("no open transaction"), errors[3]);
        assertTrue(errors[4].contains("already open"), errors[4]);
        assertTrue(errors[5].contains("LIMIT must be"), errors[5]);
        assertEquals("open transaction rolled back", errors[6]);
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(Exit.NOT_FOUND, Cli.run("get", tmp.resolve("db").toString(), "k").exit(),
                "the put inside the abandoned transaction was rolled back");
        assertEquals(Exit.NOT_FOUND, Cli.run("get", tmp.resolve("db").toString(), "after").exit(), "nothing ran after quit");
    }

    @Test
    void escapesAndStatsAndHelp() {
        Cli.Result r = shell("""
                put "key with space" "tab\\there"
                put \\x00\\xff bin
                scan
                stats
                checkpoint
                help
                exit
                """);
        String[] lines = r.lines();
        assertEquals("\\x00\\xff\tbin", lines[0]);
        assertEquals("key with space\ttab\\x09here", lines[1]);
        String sequence = r.out().lines().filter(l -> l.startsWith("sequence: ")).findFirst().orElseThrow();
        assertTrue(Long.parseLong(sequence.substring("sequence: ".length())) >= 2, "two commits: " + sequence);
        assertTrue(r.out().contains("checkpointSequence: "), r.out());
        assertTrue(r.out().contains("begin "), "help lists the commands: " + r.out());
    }

    @Test
    void promptsWhenInteractive() {
        byte[] script = "put k v\nget k\n".getBytes(StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(script, true, "shell", tmp.resolve("db").toString()).ok();
        assertEquals(ShellCommand.PROMPT + ShellCommand.PROMPT + "v\n" + ShellCommand.PROMPT + "\n", r.out());
    }
}
