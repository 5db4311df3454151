package org.aetherdb.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.aetherdb.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one background thread: forces ASYNC commits within their delay and runs
 * checkpoints on the interval or when a writer asks for one. Stopped by a flag and a signal,
 * never by an interrupt (an interrupt during channel I/O would close the data file's channel).
 */
final class Background implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final Engine engine;
    private final long tickNanos;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean stop;
    private boolean checkpointRequested;

    Background(Engine engine, Options options) {
        this.engine = engine;
        this.tickNanos = Math.min(options.asyncSyncDelay().toNanos(), TimeUnit.SECONDS.toNanos(1));
        this.intervalNanos = options.checkpointInterval().toNanos();
        this.thread = Thread.ofPlatform().daemon().name("aether-background").unstarted(this);
    }

    void start() {
        thread.start();
    }

    void requestCheckpoint() {
        lock.lock();
        try {
            checkpointRequested = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stop = true;
            wake.signal();
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
        long lastCheckpoint = System.nanoTime();
        while (true) {
            boolean doCheckpoint;
            lock.lock();
            try {
                if (!stop && !checkpointRequested) {
                    wake.awaitNanos(tickNanos);
                }
                if (stop) {
                    return;
                }
                doCheckpoint = checkpointRequested
                        || (intervalNanos > 0 && System.nanoTime() - lastCheckpoint >= intervalNanos);
                checkpointRequested = false;
            } catch (InterruptedException e) {
                continue; // only stop() ends this thread
            } finally {
                lock.unlock();
            }
            try {
                engine.syncAsync();
                if (doCheckpoint) {
                    lastCheckpoint = System.nanoTime();
                    if (engine.checkpointDue()) {
                        engine.checkpoint();
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("background work failed", e); // an I/O failure is already recorded by the engine
            } catch (Throwable t) {
                engine.fail(t); // an Error: stop accepting writes rather than silently losing ASYNC syncs
                LOG.error("background thread stopped by an error", t);
                return;
            }
        }
    }
}
