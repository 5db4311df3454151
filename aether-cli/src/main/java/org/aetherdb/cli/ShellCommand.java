package org.aetherdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code aether shell DIR}: opens the database once and runs commands read from stdin until
 * {@code quit}, {@code exit} or end of input. A failing command prints {@code error: ...} on
 * stderr and the shell goes on. Between {@code begin} and {@code commit}/{@code rollback}, reads
 * and writes go through that transaction.
 */
@Command(name = "shell",
        description = {"Run commands read from stdin on the database, opened once. Type 'help' for the list.",
                "Quote arguments containing blanks with \"...\"; \\\\, \\\", \\xNN, \\t and \\n are escapes."})
final class ShellCommand extends DbCommand {
    static final String PROMPT = "aether> ";

    static final String HELP = """
            put KEY VALUE         store VALUE under KEY
            get KEY               print the value of KEY
            delete KEY            remove KEY
            scan [PREFIX] [LIMIT] print entries (starting with PREFIX, at most LIMIT)
            stats                 print the database's counters
            checkpoint            checkpoint and print the sequence it covers
            begin                 start a transaction: put/get/delete/scan go through it
            commit                commit the transaction
            rollback              discard the transaction
            help                  this list
            quit, exit            leave (end of input too); an open transaction is rolled back
            Arguments with blanks go in double quotes; \\\\ \\" \\xNN \\t \\n are escapes.""";

    @Mixin
    WriteOptions write;

    @Mixin
    CreateOptions create;

    private AetherDB db;
    private Transaction txn;
    private Encoding enc;

    @Override
    public Integer call() throws IOException {
        enc = new Encoding(false, cli.outEncoder());
        BufferedReader in = new BufferedReader(new InputStreamReader(cli.stdin(), StandardCharsets.UTF_8));
        try (AetherDB opened = open(options(write, create), create.create)) {
            db = opened;
            try {
                loop(in);
            } finally {
                if (txn != null) {
                    txn.close();
                    err().println("open transaction rolled back");
                }
            }
        }
        return Exit.OK;
    }

    private void loop(BufferedReader in) throws IOException {
        while (true) {
            if (cli.interactive()) {
                out().print(PROMPT);
            }
            out().flush();
            String line = in.readLine();
            if (line == null) {
                if (cli.interactive()) {
                    out().println(); // end the prompt line left open by Ctrl-D
                }
                return;
            }
            List<byte[]> args;
            try {
                args = ShellTokenizer.tokenize(line);
            } catch (IllegalArgumentException e) {
                error(e);
                continue;
            }
            if (args.isEmpty()) {
                continue;
            }
            String word = new String(args.getFirst(), StandardCharsets.UTF_8);
            if (word.equals("quit") || word.equals("exit")) {
                return;
            }
            try {
                run(word, args.subList(1, args.size()));
            } catch (RuntimeException e) {
                error(e);
            }
        }
    }

    private void error(RuntimeException e) {
        out().flush();
        err().println("error: " + ErrorHandler.message(e));
    }

    private void run(String word, List<byte[]> args) {
        switch (word) {
            case "put" -> put(args);
            case "get" -> get(args);
            case "delete", "del" -> delete(args);
            case "scan" -> scan(args);
            case "stats" -> noArgs(word, args, () -> out().println(StatsCommand.toLines(db.stats().asMap())));
            case "checkpoint" -> noArgs(word, args, this::checkpoint);
            case "begin" -> noArgs(word, args, this::begin);
            case "commit" -> noArgs(word, args, this::commit);
            case "rollback" -> noArgs(word, args, this::rollback);
            case "help" -> out().println(HELP);
            default -> throw new CliException(Exit.USAGE, "unknown command '" + word + "' (type help)");
        }
    }

    private void put(List<byte[]> args) {
        arity(args, 2, "put KEY VALUE");
        if (txn != null) {
            txn.put(args.get(0), args.get(1));
        } else {
            db.put(args.get(0), args.get(1));
        }
    }

    private void get(List<byte[]> args) {
        arity(args, 1, "get KEY");
        byte[] value = txn != null ? txn.get(args.getFirst()) : db.get(args.getFirst());
        if (value == null) {
            out().flush();
            err().println("not found: " + enc.format(args.getFirst()));
        } else {
            out().println(enc.format(value));
        }
    }

    private void delete(List<byte[]> args) {
        arity(args, 1, "delete KEY");
        if (txn != null) {
            txn.delete(args.getFirst());
        } else {
            db.delete(args.getFirst());
        }
    }

    private void scan(List<byte[]> args) {
        if (args.size() > 2) {
            throw new CliException(Exit.USAGE, "usage: scan [PREFIX] [LIMIT]");
        }
        byte[] prefix = args.isEmpty() ? null : args.get(0);
        long limit = args.size() < 2 ? Long.MAX_VALUE : parseLimit(args.get(1));
        PrintWriter out = out();
        try (Cursor cursor = txn != null ? txn.newCursor() : db.newCursor()) {
            KeyRange.of(null, null, prefix).walk(cursor, false, limit, true,
                    (k, v) -> {
                        out.println(enc.format(k) + "\t" + enc.format(v));
                        return true;
                    });
        }
    }

    private static long parseLimit(byte[] arg) {
        String s = new String(arg, StandardCharsets.UTF_8);
        try {
            long limit = Long.parseLong(s);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException(Exit.USAGE, "LIMIT must be a non-negative number: " + s);
    }

    private void checkpoint() {
        db.checkpoint();
        out().println("checkpointSequence: " + db.stats().checkpointSequence());
    }

    private void begin() {
        if (txn != null) {
            throw new CliException(Exit.USAGE, "a transaction is already open (commit or rollback first)");
        }
        txn = db.begin();
    }

    private void commit() {
        Transaction t = openTxn();
        txn = null;
        try (t) {
            t.commit();
        } catch (RuntimeException e) {
            throw new CliException(ErrorHandler.exitCode(e), ErrorHandler.message(e) + " (transaction discarded)");
        }
    }

    private void rollback() {
        Transaction t = openTxn();
        txn = null;
        try (t) {
            t.rollback();
        }
    }

    private Transaction openTxn() {
        if (txn == null) {
            throw new CliException(Exit.USAGE, "no open transaction (begin first)");
        }
        return txn;
    }

    private static void arity(List<byte[]> args, int n, String usage) {
        if (args.size() != n) {
            throw new CliException(Exit.USAGE, "usage: " + usage);
        }
    }

    private static void noArgs(String word, List<byte[]> args, Runnable action) {
        arity(args, 0, word);
        action.run();
    }
}
