/**
 * The file-layer SPI: the only way the engine touches the file system (LevelDB's {@code Env}).
 * Exported with the API because {@code Options.Builder.fileIO} accepts an implementation: the
 * real file system by default, an in-memory one in tests and simulation, or an application's own.
 *
 * <p><b>The types.</b> {@link FileIO} opens files, lists, creates, renames and deletes directory
 * entries, syncs a directory and takes the directory lock; a {@link FileHandle} reads and writes by
 * position (no shared file pointer), forces, truncates and maps. {@link NioFileIO#INSTANCE} is the
 * real file system over {@code FileChannel}. {@link MemFileIO} keeps, apart from what was written,
 * the bytes as of each file's last force and the entries as of each directory's last sync, so
 * {@link MemFileIO#crash()} yields what a power loss would leave; it also injects faults (an error
 * before an operation takes effect, a short write, an effect reported as a failure, a full disk)
 * and logs every change for the tests' crash-state explorer.
 *
 * <p><b>The contract the engine relies on</b> (and {@code MemFileIO} enforces): bytes written to a
 * file are durable only once {@link FileHandle#force()} on it returns; a created, renamed or
 * deleted entry, and a file's new size, only once {@link FileIO#syncDirectory} on its directory
 * returns; {@link FileIO#rename} is atomic and replaces the target; {@link FileIO#lock} is
 * exclusive among all owners, in this process or another, and fails with
 * {@link FileIO.LockHeldException}. A handle allows concurrent positional reads and one writer.
 *
 * <p><b>Invariants of the real implementation.</b> A failed force is final: the handle fails every
 * later force, since the kernel may have dropped the pages it could not write (PostgreSQL's
 * "fsyncgate"). A channel closed under a caller by another thread's interrupt is reopened and the
 * operation retried, and the interrupt flag restored. Reads and writes go in chunks of at most
 * 1 MiB (the JDK keeps a per-thread native buffer as large as the largest one). The lock checks a
 * JVM-wide registry of locked paths before it touches the lock file, because closing any channel
 * on that file would release this process's OS lock.
 *
 * <p>May import: no other {@code org.aetherdb} package; the SPI stands alone and must not depend
 * on the engine it plugs into ({@code PackageDependencyTest} checks it).
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.io;
