/**
 * AetherDB's public API: an embedded, transactional, ordered key-value store kept in one
 * directory, durable across crashes.
 *
 * <p><b>The types.</b> {@link AetherDB} is an open database: {@code get},
 * {@code put}, {@code delete}, {@code write} (a {@link WriteBatch} applied all or
 * nothing), {@code snapshot}, {@code newCursor}, {@code begin} and {@code runInTransaction},
 * {@code checkpoint}, {@code stats}, and, on a closed directory, {@code verify} and {@code dump}.
 * {@link Options} (immutable, from a builder) says how it is opened and
 * {@link Durability} when a commit reaches stable storage. A
 * {@link Snapshot} is a read-only view as of one commit; a
 * {@link Cursor} walks a view in unsigned byte order, both ways; a
 * {@link Transaction} reads a snapshot plus its own buffered writes and commits them
 * as one record after validation at its {@link IsolationLevel}.
 * {@link Stats} and {@link VerifyReport} are plain results. Keys are 1
 * byte to {@code maxKeySize()} (an eighth of the page), values 0 bytes to
 * {@link Options#MAX_VALUE_SIZE}; arrays passed in are copied before the call returns,
 * arrays returned belong to the caller.
 *
 * <p><b>The boundary.</b> Module {@code org.aetherdb} exports this package and
 * {@link org.aetherdb.io}, the file-layer SPI that {@code Options.Builder.fileIO} accepts; every
 * other package is the engine's and invisible outside the module. Only this package sees both
 * sides: {@code AetherDB} and its package-private adapters {@code ApiSnapshot}, {@code ApiCursor}
 * and {@code ApiTransaction} check arguments, translate options and enums into the engine's own
 * types, call the engine and map its results back. No internal package imports this one
 * ({@code PackageDependencyTest} fails the build if one does), so the engine can change freely
 * behind these types.
 *
 * <p><b>Errors.</b> Every error is unchecked and extends {@link AetherException}.
 * The engine raises its own sealed family of errors; each public method catches them and throws
 * what the package-private {@code Errors} makes of them: damaged stored bytes become
 * {@link CorruptionException} (file and offset), an I/O failure
 * {@link StorageException}, use after close {@link DatabaseClosedException},
 * a refused write (read-only, or writes stopped after an I/O failure)
 * {@link ReadOnlyException}, a rejected transaction
 * {@link ConflictException}, an unreadable format or page size
 * {@link IncompatibleFormatException}, a directory in use
 * {@link DatabaseLockedException}. The translation keeps the message, the stack trace
 * of the place that raised the error and the (translated) cause. Bad arguments are the JDK's
 * {@code NullPointerException} and {@code IllegalArgumentException}; using a finished transaction
 * or an unpositioned cursor is {@code IllegalStateException}.
 *
 * <p><b>Threads.</b> An {@code AetherDB} and its snapshots are thread-safe; cursors and
 * transactions are for one thread at a time. Reads take no lock and never wait for a commit or a
 * checkpoint; concurrent commits are grouped, one log write and one fsync per group. An open
 * snapshot, cursor or transaction keeps the pages it can read from reuse: close it (a leaked one is
 * released by the garbage collector, with a warning). One instance may have a directory open, in
 * any process. Interrupting a thread does not abandon its commit in flight (the flag is restored
 * afterwards), and the engine's own background thread is never interrupted.
 *
 * <p>docs/ARCHITECTURE.md describes the layers below this package, docs/TRANSACTIONS.md the
 * isolation rules, docs/FORMAT.md the files.
 */
package org.aetherdb;
