package org.aetherdb.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code aether} command: {@code aether <command> <db-dir> [args]}. Each subcommand is one
 * class in this package; this class holds what they share: the standard streams (injectable, so
 * tests run commands in-process and capture everything) and the error handling.
 *
 * <p>Commands print through {@link CommandLine#getOut()} and {@link CommandLine#getErr()};
 * {@link #stdout()}/{@link #stderr()} are the byte streams under those writers, for the few
 * consumers that need a {@link PrintStream} (dump, progress bars). Exit codes are in {@link Exit}.
 */
@Command(name = "aether",
        mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "AetherDB command-line tool: read, write, load, verify and inspect a database directory.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
                PutCommand.class, GetCommand.class, DeleteCommand.class, ScanCommand.class,
                LoadCommand.class, StatsCommand.class, VerifyCommand.class, CheckpointCommand.class,
                DumpCommand.class, ShellCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
                "Exit codes: 0 ok, 1 not found (get), 2 bad usage or input,",
                "  3 verify found problems, 4 database error (corruption, locked,",
                "  incompatible, no database), 5 I/O or unexpected error.",
                "AETHER_DEBUG=1 prints stack traces."})
public final class AetherCli implements Callable<Integer> {
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Charset outCharset;
    private final boolean interactive;

    @Spec
    CommandSpec spec;

    /** A CLI on the process's standard streams. */
    public AetherCli() {
        this(System.in, System.out, System.err, stdoutCharset(), Terminals.isInteractive());
    }

    AetherCli(InputStream stdin, PrintStream stdout, PrintStream stderr, Charset outCharset, boolean interactive) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.outCharset = outCharset;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        int code = commandLine(new AetherCli()).execute(args);
        System.exit(code);
    }

    /** The configured command line: writers on {@code cli}'s streams, error handling, exit codes. */
    static CommandLine commandLine(AetherCli cli) {
        CommandLine cmd = new CommandLine(cli);
        // On the stream itself (not a Writer), so that checkError() sees a closed pipe.
        PrintWriter out = new PrintWriter(cli.stdout, false, cli.outCharset);
        cmd.setOut(out);
        cmd.setErr(new PrintWriter(cli.stderr, true, cli.outCharset));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler(new ErrorHandler("1".equals(System.getenv("AETHER_DEBUG"))));
        IExecutionStrategy runLast = new CommandLine.RunLast();
        cmd.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } finally {
                out.flush();
            }
        });
        return cmd;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    InputStream stdin() {
        return stdin;
    }

    PrintStream stdout() {
        return stdout;
    }

    PrintStream stderr() {
        return stderr;
    }

    /** True when stdin and stdout are a terminal: show prompts and progress bars. */
    boolean interactive() {
        return interactive;
    }

    /** Encoder of the output charset, so escaping can tell what the output can show. */
    CharsetEncoder outEncoder() {
        return outCharset.newEncoder();
    }

    private static Charset stdoutCharset() {
        String name = System.getProperty("stdout.encoding");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
