package org.aetherdb.bench.engine;

import java.util.List;

/** The engines by name. */
public final class Engines {
    public static final List<String> ALL = List.of("aetherdb", "rocksdb", "lmdb", "xodus", "mvstore", "je");

    /** Variants of an engine in {@link #ALL}, run only when asked for by name. */
    public static final List<String> VARIANTS = List.of("lmdb-writemap");

    private Engines() {}

    public static KvEngine create(String name) {
        return switch (name) {
            case "aetherdb" -> new AetherEngine();
            case "rocksdb" -> new RocksEngine();
            case "lmdb" -> new LmdbEngine();
            case "lmdb-writemap" -> new LmdbEngine(true);
            case "xodus" -> new XodusEngine();
            case "mvstore" -> new MvStoreEngine();
            case "je" -> new JeEngine();
            default -> throw new IllegalArgumentException("unknown engine: " + name + " (known: " + ALL + ", variants: " + VARIANTS + ")");
        };
    }
}
