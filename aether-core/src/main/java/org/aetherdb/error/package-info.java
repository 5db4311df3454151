/**
 * The engine's errors: one sealed family that every internal package raises and that the API
 * package translates into its public exceptions at the boundary, so that no internal package
 * needs the API's types.
 *
 * <p><b>The types.</b> {@link EngineException} (unchecked) permits exactly these final classes:
 * {@link CorruptDataException}, stored bytes failed validation (it carries the file name, the
 * byte offset or -1, and what was expected and found); {@link EngineIoException}, the operating
 * system reported an I/O error; {@link ClosedException}, the database or a view of it was used
 * after close; {@link WritesStoppedException}, a write reached an instance opened read-only or
 * stopped by an earlier I/O failure (its cause); {@link CommitConflictException}, validation
 * rejected a transaction and nothing of it was applied; {@link FormatMismatchException}, the
 * directory holds another format version or page size, or no database; {@link LockedException},
 * another instance holds the directory.
 *
 * <p><b>Invariants.</b> The family is closed: the hierarchy is sealed, each kind is final and the
 * base constructor is package-private, so the API's translation is an exhaustive {@code switch}
 * and a new kind of error does not compile until the API says how callers see it. Internal code
 * throws these, or the JDK's {@code NullPointerException}, {@code IllegalArgumentException} and
 * {@code IllegalStateException} for misuse (which cross the boundary unchanged), and never an API
 * exception; an {@code IOException} is wrapped in {@code EngineIoException} where the engine
 * catches it. Messages are written for the user: the API keeps them word for word, with the stack
 * trace and the cause.
 *
 * <p>May import: no other {@code org.aetherdb} package (it is the bottom layer: any internal
 * package may import it).
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.error;
