package org.aetherdb.bench;

/**
 * Sizes of one benchmark run. {@code tiny} is the smoke test (about 100 s on 2 cores), {@code small}
 * runs all engines in about 32 minutes, {@code medium} loads data sets larger than its cache (see
 * aether-bench/README.md for its measured time), {@code large} is small's rows at about ten times the
 * sizes plus a 10^7-key stage in the scale workload.
 *
 * @param randWriteOps random 4 KiB puts per run without fsync
 * @param randWriteOpsSync random 4 KiB puts per run with fsync per commit
 * @param readKeys keys (4 KiB values) loaded for the random-read rows
 * @param readOps gets per thread per run
 * @param seqValues 1 MiB values per sequential-write run without fsync, and loaded for the read row
 * @param seqValuesSync 1 MiB values per sequential-write run with fsync per commit
 * @param seqReadPasses full passes over the 1 MiB values per read run
 * @param smallKeys keys (100 B values) for point lookups, range scans and idle memory
 * @param lookups timed gets per run
 * @param scans timed 100-key scans per run
 * @param cacheBytes cache budget (AetherDB cacheSize = RocksDB block cache)
 * @param heap child JVM -Xmx
 * @param runs measured runs per cell (5 at small and large, 3 at medium, whose larger loads make each run cost more; each cell lasts at least {@link #minCellSeconds()})
 * @param limitFileBytes size of the temp file for the disk bandwidth limits
 * @param fsyncSeconds how long the fsync-rate limit is measured
 */
public record Scale(String name, int randWriteOps, int randWriteOpsSync, int readKeys, int readOps,
                    int seqValues, int seqValuesSync, int seqReadPasses, int smallKeys, int lookups, int scans,
                    long cacheBytes, String heap, int runs, long limitFileBytes, double fsyncSeconds) {

    public static Scale of(String name) {
        return switch (name) {
            case "tiny" -> new Scale("tiny", 1_000, 100, 2_000, 5_000, 16, 8, 1, 5_000, 5_000, 1_000,
                    64L << 20, "1g", 1, 16L << 20, 0.1);
            // small was 100K randwrite / 300K gets / 512 MiB seq / 300K lookups / 50K scans with three engines; with six
            // engines 50K / 150K / 256 MiB / 1M small keys, 200K lookups, 30K scans took 17.5 min (2026-12-02), so the
            // slowest groups (small-key loads, no-fsync random writes, reads) were cut again to stay under 15 minutes
            case "small" -> new Scale("small", 30_000, 3_000, 100_000, 100_000, 256, 128, 4, 400_000, 100_000, 15_000,
                    256L << 20, "2g", 5, 256L << 20, 1);
            // medium: about three times small's work (all six engines in ~45 minutes on 2 cores); its random-read set
            // (300K x 4 KiB = 1.2 GB) and small-key set (2M keys) are larger than its 512 MiB cache budget
            case "medium" -> new Scale("medium", 150_000, 5_000, 300_000, 300_000, 512, 128, 3, 2_000_000, 500_000, 60_000,
                    512L << 20, "3g", 3, 512L << 20, 1);
            // large: ten times small for the table's rows (1 GiB cache); the scale workload adds a 10^7-key stage
            case "large" -> new Scale("large", 500_000, 10_000, 500_000, 1_000_000, 2_048, 256, 2, 2_000_000, 1_000_000, 200_000,
                    1L << 30, "6g", 5, 512L << 20, 1);
            default -> throw new IllegalArgumentException("unknown scale: " + name + " (tiny, small, medium, large)");
        };
    }

    /** LMDB map size: address space only, generously above the largest data set. */
    public long lmdbMapSize() {
        return 64L << 30;
    }

    /** Keys (100 B values) of the transactions workload. */
    public int txnKeys() {
        return name.equals("tiny") ? 10_000 : 100_000;
    }

    /** Seconds per measured (threads, isolation) cell of the transactions workload; the warm-up runs each cell a quarter of it. */
    public double txnSeconds() {
        return name.equals("tiny") ? 0.1 : 1.0;
    }

    /**
     * The shortest measured cell: a run keeps going past its operation count until this much time
     * has passed (0.2 s cells gave 3-4x spreads). 0 at tiny, where only the files are checked.
     */
    public double minCellSeconds() {
        return name.equals("tiny") ? 0 : 1.0;
    }

    /**
     * Independent child JVMs per engine for the write groups (fresh database per run): each runs its
     * own warm-up and one measured run, and the engine order rotates from round to round. Groups
     * that load a data set first (reads, lookups, transactions, scale) run their {@link #runs()} in
     * one JVM per engine, and the engine order rotates from group to group.
     */
    public int writeRounds() {
        return runs;
    }

    /** Keys (4 KiB values) of the space-amplification group; it then overwrites 3x as many at random. */
    public int spaceKeys() {
        return switch (name) {
            case "tiny" -> 1_000;
            case "small" -> 50_000;
            case "medium" -> 100_000;
            default -> 250_000;
        };
    }

    /** Keys (4 KiB values) loaded for the concurrent mixed group (4 writers, 4 readers). */
    public int mixedKeys() {
        return switch (name) {
            case "tiny" -> 1_000;
            case "small" -> 50_000;
            default -> 100_000;
        };
    }

    /** Gets per cold run (the engine reopened after its files were dropped from the OS page cache). */
    public int coldGets() {
        return switch (name) {
            case "tiny" -> 500;
            case "small" -> 5_000;
            default -> 10_000;
        };
    }

    /** Puts (4 KiB values, about half compressible) per run of the compressible-value group. */
    public int compressOps() {
        return switch (name) {
            case "tiny" -> 1_000;
            case "small" -> 30_000;
            default -> 60_000;
        };
    }

    /** Commits counted under strace per engine for fsyncs_per_commit (random 4 KiB; 1 MiB values: a quarter). */
    public int fsyncCountCommits() {
        return name.equals("tiny") ? 40 : 200;
    }

    /** Seconds after which a child JVM is killed. */
    public long childTimeoutSeconds() {
        return switch (name) {
            case "tiny" -> 300;
            case "small" -> 1200;
            default -> 7200;
        };
    }

    /** One line describing the data sets, for the results files. */
    public String dataset() {
        return "randwrite " + randWriteOps + "/" + randWriteOpsSync + "(sync) x 4KiB; randread " + readKeys + " x 4KiB, "
                + readOps + " gets/thread; seq " + seqValues + "/" + seqValuesSync + "(sync) x 1MiB; small "
                + smallKeys + " x (16B key, 100B value), " + lookups + " lookups, " + scans + " scans; txn "
                + txnKeys() + " keys x 100B, " + txnSeconds() + " s per cell; space " + spaceKeys() + " x 4KiB + 3x overwrites; mixed "
                + mixedKeys() + " x 4KiB; cold " + coldGets() + " gets/run; compressible " + compressOps() + " x 4KiB; cells >= "
                + minCellSeconds() + " s; " + ScaleWorkload.describe(this);
    }
}
