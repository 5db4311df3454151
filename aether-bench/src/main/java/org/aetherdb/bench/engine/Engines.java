package org.aetherdb.bench.engine;

import java.util.List;

/** The engines by name. */
public final class Engines {
    public static final List<String> ALL = List.of("aetherdb", "rocksdb", "lmdb", "xodus", "mvstore", "je");

    private Engines() {}

    public static KvEngine create(String name) {
        return switch (name) {
            case "aetherdb" -> new AetherEngine();
            case "rocksdb" -> new RocksEngine();
            case "lmdb" -> new LmdbEngine();
            case "xodus" -> new XodusEngine();
            case "mvstore" -> new MvStoreEngine();
            case "je" -> new JeEngine();
            default -> throw new IllegalArgumentException("unknown engine: " + name + " (known: " + ALL + ")");
        };
    }
}
