package org.aetherdb.bench.engine;

import java.util.List;

/** The engines by name. */
public final class Engines {
    public static final List<String> ALL = List.of("aetherdb", "rocksdb", "lmdb");

    private Engines() {}

    public static KvEngine create(String name) {
        return switch (name) {
            case "aetherdb" -> new AetherEngine();
            case "rocksdb" -> new RocksEngine();
            case "lmdb" -> new LmdbEngine();
            default -> throw new IllegalArgumentException("unknown engine: " + name + " (known: " + ALL + ")");
        };
    }
}
