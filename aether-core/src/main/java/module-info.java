/**
 * AetherDB: an embedded, transactional, ordered key-value store.
 *
 * <p>The public surface is {@link org.aetherdb} (the API: {@code AetherDB}, {@code Options},
 * {@code WriteBatch}, {@code Snapshot}, {@code Cursor}, {@code Transaction}, the statistics and the
 * exceptions) and {@link org.aetherdb.io}, the file-layer SPI that {@code Options.fileIO} accepts
 * (the real file system, an in-memory one with crash simulation for tests, or an application's
 * own). Every other package is the engine's: its public types are visible inside this module only.
 * docs/ARCHITECTURE.md describes the layers and the rule that no internal package imports the API
 * package; {@code PackageDependencyTest} checks it.
 */
module org.aetherdb {
    requires org.slf4j;

    exports org.aetherdb;
    exports org.aetherdb.io;
}
