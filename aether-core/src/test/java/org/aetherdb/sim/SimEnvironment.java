package org.aetherdb.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aetherdb.engine.Environment;

/**
 * The simulation's {@link Environment}: a clock that moves only when the simulation advances it,
 * salts from a seeded generator, and workers that never run by themselves: the simulation steps
 * them, on its one thread, when their period has elapsed on the simulated clock, when they were
 * woken, or at extra seeded points (a real thread may wake early).
 */
final class SimEnvironment implements Environment {
    private final Random salts;
    private final List<SimWorker> workers = new ArrayList<>();
    private long now = 1_000_000_000L;

    SimEnvironment(long seed) {
        this.salts = new Random(seed * 0x9E3779B97F4A7C15L + 7);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long newSalt() {
        return salts.nextLong();
    }

    @Override
    public Worker startWorker(String name, long periodNanos, Step step) {
        SimWorker w = new SimWorker(periodNanos, step, now + periodNanos);
        workers.add(w);
        return w;
    }

    void advance(long nanos) {
        now += nanos;
    }

    /** Workers still running (not stopped, not ended by their step). */
    List<SimWorker> live() {
        workers.removeIf(w -> w.stopped);
        return workers;
    }

    /** A crash: every thread of the process is gone. */
    void dropAll() {
        workers.clear();
    }

    /** One background worker, stepped by the simulation. */
    final class SimWorker implements Worker {
        final long periodNanos;
        private final Step step;
        private long nextDue;
        private boolean woken;
        private boolean stopped;

        SimWorker(long periodNanos, Step step, long nextDue) {
            this.periodNanos = periodNanos;
            this.step = step;
            this.nextDue = nextDue;
        }

        @Override
        public void wake() {
            woken = true;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        /** True when a real thread would run a step now: the period elapsed or it was woken. */
        boolean due() {
            return woken || now >= nextDue;
        }

        /** Runs one step, as the worker's thread would, then waits a period again. */
        void runStep() {
            woken = false;
            if (!step.run()) {
                stopped = true;
            }
            nextDue = now + periodNanos;
        }
    }
}
