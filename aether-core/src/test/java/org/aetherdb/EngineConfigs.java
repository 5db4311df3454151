package org.aetherdb;

import org.aetherdb.engine.Config;

/** For tests that open the engine directly: the engine's {@link Config} for public {@link Options}. */
public final class EngineConfigs {
    private EngineConfigs() {}

    public static Config of(Options options) {
        return options.toConfig();
    }
}
