package org.aetherdb.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code aether bench}: runs {@code org.aetherdb.bench.BenchMain} from the aether-bench module in a
 * child JVM, so that this jar carries no peer (RocksDB, LMDB, Xodus, H2, JE). It needs the source checkout: it
 * builds the bench module and its class path with
 * {@code ./mvnw -B -ntp -pl aether-bench -am package -DskipTests dependency:build-classpath
 * -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime} (skipped with {@code --no-build} when
 * {@code aether-bench/target/classpath.txt} exists), then starts
 * {@code java -cp aether-bench/target/aether-bench-*.jar:<classpath> org.aetherdb.bench.BenchMain ...}
 * with this JVM's java binary. Its subcommand {@code compare} ({@link BenchCompareCommand}) compares two
 * runs' results.csv the same way, in a child JVM.
 */
@Command(name = "bench",
        subcommands = BenchCompareCommand.class,
        description = {"Benchmark AetherDB beside RocksDB, LMDB, Xodus, H2 MVStore and Berkeley DB JE (the article's table, "
                + "transactions, scale) and write results.csv, limits.csv, results.md and PNG charts into --out.",
                "Builds the aether-bench module of the source checkout and runs it in a child JVM "
                + "(the peers never enter the CLI jar); progress goes to stderr."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--engines", paramLabel = "LIST", description = "Comma-separated: aetherdb,rocksdb,lmdb,xodus,mvstore,je (default: all).")
    String engines;

    @Option(names = "--workloads", paramLabel = "LIST",
            description = "Comma-separated: randwrite,randread,seqwrite,seqread,lookup,scan,idle,txn,scale,mixed,space,compress,ycsb, or all "
                    + "(default: all but ycsb, which runs YCSB's own client, load then A-F, one JVM per phase).")
    String workloads;

    @Option(names = "--scale", paramLabel = "SCALE", description = "tiny (~2 min), small (~32 min), medium (~1 h), large (ten times small + 10^7 keys in scale) (default: tiny).")
    String scale;

    @Option(names = "--durability", paramLabel = "MODE", description = "sync, nosync or both (default: both).")
    String durability;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ./bench-results).")
    String out;

    @Option(names = "--project", paramLabel = "DIR",
            description = "The AetherDB source checkout (default: found from this jar's location or the working directory).")
    Path project;

    @Option(names = "--no-build", description = "Use the already built aether-bench module and target/classpath.txt.")
    boolean noBuild;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = checkout(project);
        if (root == null) {
            throw new ParameterException(spec.commandLine(),
                    "no AetherDB source checkout found (aether-bench/pom.xml); pass --project DIR");
        }
        String cp = benchClassPath(root, noBuild, spec.commandLine().getErr());
        if (cp == null) {
            return Exit.IO;
        }
        String java = java();

        List<String> args = new ArrayList<>();
        add(args, "--engines", engines);
        add(args, "--workloads", workloads);
        add(args, "--scale", scale);
        add(args, "--durability", durability);
        add(args, "--out", out);
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp,
                "-Daether.bench.command=./aether bench " + String.join(" ", args), "org.aetherdb.bench.BenchMain"));
        cmd.addAll(args);
        spec.commandLine().getOut().flush();
        int code = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        return code == 0 ? Exit.OK : code == 2 ? Exit.USAGE : Exit.IO;
    }

    private static void add(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    /** The source checkout: {@code project} when given, else found by {@link #findProject()}; null when it is no checkout. */
    static Path checkout(Path project) {
        Path root = project != null ? project : findProject();
        return root != null && Files.isRegularFile(root.resolve("aether-bench/pom.xml")) ? root : null;
    }

    /**
     * Builds aether-bench and {@code target/classpath.txt} (unless {@code noBuild} and the file exists) and returns
     * the class path: the bench jar (or classes) then the runtime dependencies; null when the build failed (said on {@code err}).
     */
    static String benchClassPath(Path root, boolean noBuild, PrintWriter err) throws IOException, InterruptedException {
        Path bench = root.resolve("aether-bench");
        Path cpFile = bench.resolve("target/classpath.txt");
        if (!noBuild || !Files.isRegularFile(cpFile)) {
            err.println("aether bench: building aether-bench and its class path (./mvnw package; the first build downloads the peers)...");
            err.flush();
            ProcessBuilder mvn = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-ntp", "-pl", "aether-bench", "-am",
                    "package", "-DskipTests", "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt", "-Dmdep.includeScope=runtime")
                    .directory(root.toFile()).redirectErrorStream(true);
            mvn.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process build = mvn.start();
            List<String> log = buildProgress(build, err);
            int code = build.waitFor();
            if (code != 0) {
                log.forEach(err::println);
                err.println("aether bench: building aether-bench failed (exit " + code + ")");
                return null;
            }
        }
        return benchJar(bench) + File.pathSeparator + Files.readString(cpFile).trim();
    }

    /**
     * Shows the build's progress, one line per module ("[INFO] Building AetherDB core ... [2/5]")
     * and its result; keeps the whole output, which is printed only when the build fails.
     */
    private static List<String> buildProgress(Process build, PrintWriter err) throws IOException {
        List<String> log = new ArrayList<>();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(build.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.add(line);
                if (line.startsWith("[INFO] Building ") || line.startsWith("[INFO] BUILD ") || line.startsWith("[INFO] Total time")) {
                    err.println("aether bench:   " + line.substring(7));
                    err.flush();
                }
            }
        }
        return log;
    }

    /** This JVM's java binary, for the child JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String benchJar(Path bench) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(bench.resolve("target"), "aether-bench-*.jar")) {
            for (Path p : s) {
                return p.toString();
            }
        }
        return bench.resolve("target/classes").toString();
    }

    /** The checkout holding this jar (aether-cli/target/aether.jar) or the working directory. */
    private static Path findProject() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // fall back to the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path p : starts) {
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("mvnw")) && Files.isRegularFile(d.resolve("aether-bench/pom.xml"))) {
                    return d;
                }
            }
        }
        return null;
    }
}
