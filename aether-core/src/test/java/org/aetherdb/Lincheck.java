package org.aetherdb;

/**
 * The Lincheck budget: every Lincheck test multiplies its CI iteration count by
 * {@code -Daether.lincheck.scale=N} (default 1) for a long run.
 */
public final class Lincheck {
    private Lincheck() {}

    public static int iterations(int ci) {
        return ci * Integer.getInteger("aether.lincheck.scale", 1);
    }
}
