package org.aetherdb;

import java.time.Duration;
import java.util.Objects;
import org.aetherdb.format.PageFormat;
import org.aetherdb.io.FileIO;
import org.aetherdb.io.NioFileIO;

/**
 * How a database is opened. Immutable; built with {@link #builder()}:
 *
 * <pre>{@code
 * Options options = Options.builder().durability(Durability.SYNC).cacheSize(256L << 20).build();
 * }</pre>
 *
 * <p>The page size is fixed when the database is created; opening an existing database adopts its
 * page size unless a different one was set explicitly, which is an error.
 */
public final class Options {
    /** Default page size in bytes; see docs/ARCHITECTURE.md for why. */
    public static final int DEFAULT_PAGE_SIZE = 16 * 1024;
    public static final int MIN_PAGE_SIZE = 4 * 1024;
    public static final int MAX_PAGE_SIZE = 64 * 1024;
    /** Default of {@link Builder#logValuesAbove}: 0, meaning a sixteenth of the page (1 KiB for 16 KiB pages; docs/VALUE-LOG.md). */
    public static final int DEFAULT_LOG_VALUES_ABOVE = 0;
    /** Default of {@link Builder#logValuesUpTo}: 0, values too large for a leaf go to the data file (measured; docs/VALUE-LOG.md, step 4). */
    public static final int DEFAULT_LOG_VALUES_UP_TO = 0;
    /** Largest {@link Builder#logValuesUpTo}: 16 MiB (replay reads a segment, with its largest record, into memory). */
    public static final int MAX_LOG_VALUES_UP_TO = 16 << 20;
    /** Largest value accepted by {@code put}: 1 GiB. */
    public static final int MAX_VALUE_SIZE = org.aetherdb.format.BlobFormat.MAX_VALUE_SIZE;

    private final Durability durability;
    private final int pageSize;
    private final boolean pageSizeExplicit;
    private final long cacheSize;
    private final Duration checkpointInterval;
    private final long checkpointLogBytes;
    private final Duration asyncSyncDelay;
    private final boolean createIfMissing;
    private final boolean readOnly;
    private final long walSegmentSize;
    private final int logValuesAbove;
    private final int logValuesUpTo;
    private final FileIO fileIO;

    private Options(Builder b) {
        this.durability = b.durability;
        this.pageSize = b.pageSize;
        this.pageSizeExplicit = b.pageSizeExplicit;
        this.cacheSize = b.cacheSize;
        this.checkpointInterval = b.checkpointInterval;
        this.checkpointLogBytes = b.checkpointLogBytes;
        this.asyncSyncDelay = b.asyncSyncDelay;
        this.createIfMissing = b.createIfMissing;
        this.readOnly = b.readOnly;
        this.walSegmentSize = b.walSegmentSize;
        this.logValuesAbove = b.logValuesAbove;
        this.logValuesUpTo = b.logValuesUpTo;
        this.fileIO = b.fileIO;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: SYNC, 16 KiB pages, 256 MiB cache, checkpoint every 30 s or 64 MiB of log. */
    public static Options defaults() {
        return builder().build();
    }

    public Durability durability() { return durability; }
    public int pageSize() { return pageSize; }
    /** True when {@link Builder#pageSize(int)} was called (a mismatch with the file is an error). */
    public boolean pageSizeExplicit() { return pageSizeExplicit; }
    public long cacheSize() { return cacheSize; }
    public Duration checkpointInterval() { return checkpointInterval; }
    public long checkpointLogBytes() { return checkpointLogBytes; }
    public Duration asyncSyncDelay() { return asyncSyncDelay; }
    public boolean createIfMissing() { return createIfMissing; }
    public boolean readOnly() { return readOnly; }
    public long walSegmentSize() { return walSegmentSize; }

    /** Values longer than this many bytes are written once, in the log, and the tree refers to them ({@link Builder#logValuesAbove}). */
    public int logValuesAbove() { return logValuesAbove; }
    /** Values too large for a leaf and at most this many bytes also go through the log ({@link Builder#logValuesUpTo}). */
    public int logValuesUpTo() { return logValuesUpTo; }
    /** The file-system layer all I/O goes through (the real one unless a test injects another). */
    public FileIO fileIO() { return fileIO; }

    /** Largest key accepted: an eighth of the page, so that a page always holds several keys. */
    public int maxKeySize() {
        return maxKeySize(pageSize);
    }

    /** Largest key for a given page size (2 KiB for the default 16 KiB page). */
    public static int maxKeySize(int pageSize) {
        return PageFormat.maxKey(pageSize); // the page layout owns the limit
    }

    /** The engine's view of these options (each commit carries its durability; the default shapes the log's files). */
    org.aetherdb.engine.Config toConfig() {
        return new org.aetherdb.engine.Config(fileIO, pageSize, pageSizeExplicit, cacheSize, checkpointInterval, checkpointLogBytes,
                asyncSyncDelay, createIfMissing, readOnly, walSegmentSize, logValuesAbove, logValuesUpTo,
                durability == Durability.SYNC);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.durability = durability;
        b.pageSize = pageSize;
        b.pageSizeExplicit = pageSizeExplicit;
        b.cacheSize = cacheSize;
        b.checkpointInterval = checkpointInterval;
        b.checkpointLogBytes = checkpointLogBytes;
        b.asyncSyncDelay = asyncSyncDelay;
        b.createIfMissing = createIfMissing;
        b.readOnly = readOnly;
        b.walSegmentSize = walSegmentSize;
        b.logValuesAbove = logValuesAbove;
        b.logValuesUpTo = logValuesUpTo;
        b.fileIO = fileIO;
        return b;
    }

    @Override
    public String toString() {
        return "Options{durability=" + durability + ", pageSize=" + pageSize + ", cacheSize=" + cacheSize
                + ", checkpointInterval=" + checkpointInterval + ", checkpointLogBytes=" + checkpointLogBytes
                + ", logValuesAbove=" + logValuesAbove + ", logValuesUpTo=" + logValuesUpTo + ", createIfMissing=" + createIfMissing + ", readOnly=" + readOnly + "}";
    }

    /** Builder for {@link Options}; every setter validates its argument. */
    public static final class Builder {
        private Durability durability = Durability.SYNC;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private boolean pageSizeExplicit;
        private long cacheSize = 256L << 20;
        private Duration checkpointInterval = Duration.ofSeconds(30);
        private long checkpointLogBytes = 64L << 20;
        private Duration asyncSyncDelay = Duration.ofMillis(100);
        private boolean createIfMissing = true;
        private boolean readOnly;
        private long walSegmentSize = 16L << 20;
        private int logValuesAbove = DEFAULT_LOG_VALUES_ABOVE;
        private int logValuesUpTo = DEFAULT_LOG_VALUES_UP_TO;
        private FileIO fileIO = NioFileIO.INSTANCE;

        private Builder() {}

        /** Default durability of commits; {@link Durability#SYNC} unless set. */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Page size for a new database: a power of two from 4 KiB to 64 KiB.
         *
         * @throws IllegalArgumentException when out of range or not a power of two
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
                throw new IllegalArgumentException("pageSize must be a power of two from 4096 to 65536, got " + pageSize);
            }
            this.pageSize = pageSize;
            this.pageSizeExplicit = true;
            return this;
        }

        /**
         * Memory budget in bytes for clean pages cached in memory (decoded). At least 1 MiB.
         *
         * @throws IllegalArgumentException when below 1 MiB
         */
        public Builder cacheSize(long bytes) {
            if (bytes < (1L << 20)) {
                throw new IllegalArgumentException("cacheSize must be at least 1 MiB, got " + bytes);
            }
            this.cacheSize = bytes;
            return this;
        }

        /**
         * Longest time between checkpoints while there are changes; {@link Duration#ZERO} turns
         * timed checkpoints off (checkpoints then happen on log size, {@link AetherDB#checkpoint()}
         * and close).
         */
        public Builder checkpointInterval(Duration interval) {
            Objects.requireNonNull(interval, "checkpointInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("checkpointInterval must not be negative: " + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /** Log bytes written since the last checkpoint that trigger a new one (at least 1 MiB). */
        public Builder checkpointLogBytes(long bytes) {
            if (bytes < (1L << 20)) {
                throw new IllegalArgumentException("checkpointLogBytes must be at least 1 MiB, got " + bytes);
            }
            this.checkpointLogBytes = bytes;
            return this;
        }

        /** Upper bound on the fsync delay of {@link Durability#ASYNC} commits (1 ms to 10 s). */
        public Builder asyncSyncDelay(Duration delay) {
            Objects.requireNonNull(delay, "asyncSyncDelay");
            if (delay.toMillis() < 1 || delay.toSeconds() > 10) {
                throw new IllegalArgumentException("asyncSyncDelay must be from 1 ms to 10 s: " + delay);
            }
            this.asyncSyncDelay = delay;
            return this;
        }

        /** Create the database when the directory holds none (default true). */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /**
         * Open without writing anything: no recovery writes, no checkpoints; writes throw
         * {@link ReadOnlyException}. A database whose log needs replay is replayed in memory.
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Values longer than {@code bytes} are written once, inside their commit's log record, and
         * the tree keeps a 20-byte reference to them there (key-value separation): a commit writes
         * such a value once, and leaves hold many more entries. Shorter values are copied into
         * their leaf. Values too large for a leaf ({@code pageSize} * 5/16) go to the data file,
         * or through the log up to {@link #logValuesUpTo}. Log segments are kept while a readable
         * version refers to a value in them.
         * Default 0: a sixteenth of the page size (1 KiB for 16 KiB pages); {@link Integer#MAX_VALUE}
         * keeps every value in the tree. Changing it between opens is safe: each record says how it
         * stores values.
         *
         * @throws IllegalArgumentException when neither 0 nor at least 64
         */
        public Builder logValuesAbove(int bytes) {
            if (bytes != 0 && bytes < 64) {
                throw new IllegalArgumentException("logValuesAbove must be 0 (a sixteenth of the page) or at least 64 bytes, got " + bytes);
            }
            this.logValuesAbove = bytes;
            return this;
        }

        /**
         * Values too large for a leaf ({@code pageSize} * 5/16) and at most {@code bytes} long are
         * written once, in their commit's log record, like the values {@link #logValuesAbove}
         * selects: a SYNC commit of one costs one log force. Longer values go to the data file,
         * which a SYNC commit forces before the log (two forces). Default 0: every value too large
         * for a leaf goes to the data file, because measured with 1 MiB values the log path was no
         * faster with fsync (device-bound: 217 against 238 MB/s) and five times slower without
         * (333 against 1,580 MB/s: a log segment is forced before the next one is started, while
         * the data file's writes wait for the next checkpoint). At most 16 MiB, since opening a
         * database replays a log segment, with its largest record, in memory. Ignored when
         * {@link #logValuesAbove} is {@link Integer#MAX_VALUE} (no value in the log). Changing it
         * between opens is safe.
         *
         * @throws IllegalArgumentException when negative or above 16 MiB
         */
        public Builder logValuesUpTo(int bytes) {
            if (bytes < 0 || bytes > MAX_LOG_VALUES_UP_TO) {
                throw new IllegalArgumentException("logValuesUpTo must be from 0 to " + MAX_LOG_VALUES_UP_TO + " bytes, got " + bytes);
            }
            this.logValuesUpTo = bytes;
            return this;
        }

        /**
         * Size of each preallocated log segment (64 KiB to 1 GiB, default 16 MiB). A record larger
         * than this gets a segment of its own size.
         */
        public Builder walSegmentSize(long bytes) {
            if (bytes < (64L << 10) || bytes > (1L << 30)) {
                throw new IllegalArgumentException("walSegmentSize must be from 64 KiB to 1 GiB, got " + bytes);
            }
            this.walSegmentSize = bytes;
            return this;
        }

        /**
         * The file-system layer to use. Tests and simulations inject an in-memory or faulty one;
         * applications leave the default.
         */
        public Builder fileIO(FileIO fileIO) {
            this.fileIO = Objects.requireNonNull(fileIO, "fileIO");
            return this;
        }

        public Options build() {
            return new Options(this);
        }
    }
}
