package org.aetherdb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code aether bench compare OLD_DIR NEW_DIR [--fail-below R]}: runs {@code org.aetherdb.bench.Compare}
 * from the aether-bench module in a child JVM (built and located as {@link BenchCommand} does, so this jar
 * carries no peer) on the two runs' results.csv, with inherited standard streams, and returns its exit
 * code: 0 ok, 1 an aetherdb regression below R, 2 usage. The directories are checked before any build.
 */
@Command(name = "compare",
        description = {"Compare two bench runs (OLD_DIR/results.csv, NEW_DIR/results.csv) row by row: a markdown table of "
                + "old and new median [min-max], the ratio (new/old, or old/new for lower-is-better rows: above 1 is better) "
                + "and a verdict (better or worse when the two [min-max] ranges do not overlap, else noise).",
                "Builds the aether-bench module of the source checkout and runs it in a child JVM."},
        footer = {"", "Exit codes: 0 ok, 1 an aetherdb row is worse than --fail-below R",
                "  outside both runs' spreads, 2 bad usage (missing directory or",
                "  results.csv, malformed csv), 5 build or I/O error."})
final class BenchCompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD_DIR", description = "The baseline run's --out directory.")
    Path oldDir;

    @Parameters(index = "1", paramLabel = "NEW_DIR", description = "The new run's --out directory.")
    Path newDir;

    @Option(names = "--fail-below", paramLabel = "R",
            description = "Exit 1 when an aetherdb row's ratio is below R (e.g. 0.95) and outside both runs' spreads.")
    Double failBelow;

    @Option(names = "--engines", paramLabel = "LIST", description = "Comma-separated engines to compare (default: all).")
    String engines;

    @Option(names = "--project", paramLabel = "DIR",
            description = "The AetherDB source checkout (default: found from this jar's location or the working directory).")
    Path project;

    @Option(names = "--no-build", description = "Use the already built aether-bench module and target/classpath.txt.")
    boolean noBuild;

    @Override
    public Integer call() throws IOException, InterruptedException {
        requireResults(oldDir);
        requireResults(newDir);
        Path root = BenchCommand.checkout(project);
        if (root == null) {
            throw new ParameterException(spec.commandLine(),
                    "no AetherDB source checkout found (aether-bench/pom.xml); pass --project DIR");
        }
        String cp = BenchCommand.benchClassPath(root, noBuild, spec.commandLine().getErr());
        if (cp == null) {
            return Exit.IO;
        }
        spec.commandLine().getOut().flush();
        int code = new ProcessBuilder(command(cp)).inheritIO().start().waitFor();
        return code == 0 ? Exit.OK : code == 1 ? Exit.REGRESSION : code == 2 ? Exit.USAGE : Exit.IO;
    }

    private static void requireResults(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CliException(Exit.USAGE, "bench compare: no such directory: " + dir);
        }
        if (!Files.isRegularFile(dir.resolve("results.csv"))) {
            throw new CliException(Exit.USAGE, "bench compare: no results.csv in " + dir + " (" + dir.resolve("results.csv") + ")");
        }
    }

    private List<String> command(String cp) {
        List<String> cmd = new ArrayList<>(List.of(BenchCommand.java(), "-cp", cp, "org.aetherdb.bench.Compare",
                oldDir.toString(), newDir.toString()));
        if (failBelow != null) {
            cmd.add("--fail-below");
            cmd.add(failBelow.toString());
        }
        if (engines != null) {
            cmd.add("--engines");
            cmd.add(engines);
        }
        return cmd;
    }
}
