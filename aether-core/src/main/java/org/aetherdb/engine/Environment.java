package org.aetherdb.engine;

import java.security.SecureRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the engine's nondeterminism comes from, other than I/O (which goes through
 * {@link org.aetherdb.io.FileIO}): the clock, the scheduling of background work, and the random
 * salts of log segments (seams, so simulation needs no engine rewrite). {@link #REAL} is what applications get: {@code System.nanoTime},
 * one daemon thread per worker, {@link SecureRandom}. The deterministic simulation supplies its own,
 * driven by one seed: a manual clock, and workers it runs itself at points it chooses on its one
 * thread. Internal: not part of the API (this package is not exported).
 */
public interface Environment {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** A fresh random salt for a log segment. */
    long newSalt();

    /**
     * Starts a worker that runs {@code step} about every {@code periodNanos}, and soon after each
     * {@link Worker#wake()}, until {@code step} returns false or the worker is stopped.
     */
    Worker startWorker(String name, long periodNanos, Step step);

    /** One round of background work; false ends the worker. */
    @FunctionalInterface
    interface Step {
        boolean run();
    }

    /** A started worker. */
    interface Worker {
        /** Asks for a step soon, without waiting for the period. */
        void wake();

        /** Stops the worker and waits until its step in progress, if any, is done. */
        void stop();
    }

    /** The real clock, threads and randomness. */
    Environment REAL = new Environment() {
        private final SecureRandom salts = new SecureRandom();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long newSalt() {
            return salts.nextLong();
        }

        @Override
        public Worker startWorker(String name, long periodNanos, Step step) {
            ThreadWorker w = new ThreadWorker(name, periodNanos, step);
            w.thread.start();
            return w;
        }
    };

    /**
     * A daemon thread that waits a period or a wake-up, then steps. Stopped by a flag and a
     * signal, never by an interrupt (an interrupt during channel I/O would close the data file's
     * channel for every thread).
     */
    final class ThreadWorker implements Worker, Runnable {
        private final long periodNanos;
        private final Step step;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition signal = lock.newCondition();
        private final Thread thread;
        private boolean stop;
        private boolean woken;

        ThreadWorker(String name, long periodNanos, Step step) {
            this.periodNanos = periodNanos;
            this.step = step;
            this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
        }

        @Override
        public void wake() {
            lock.lock();
            try {
                woken = true;
                signal.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void stop() {
            lock.lock();
            try {
                stop = true;
                signal.signal();
            } finally {
                lock.unlock();
            }
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (true) {
                lock.lock();
                try {
                    if (!stop && !woken) {
                        signal.awaitNanos(periodNanos);
                    }
                    if (stop) {
                        return;
                    }
                    woken = false;
                } catch (InterruptedException e) {
                    continue; // only stop() ends this thread
                } finally {
                    lock.unlock();
                }
                if (!step.run()) {
                    return;
                }
            }
        }
    }
}
