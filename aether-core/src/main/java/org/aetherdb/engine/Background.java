package org.aetherdb.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aetherdb.checkpoint.Checkpointer;
import org.aetherdb.state.EngineState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's background work: forces ASYNC commits within their delay and runs checkpoints on
 * the interval or when a writer asks for one. What runs it, and when, is the
 * {@link Environment}'s choice: a daemon thread normally, the simulation's scheduler in
 * deterministic simulation. Time comes from the environment's clock.
 */
final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final CommitPipeline pipeline;
    private final Checkpointer checkpointer;
    private final EngineState state;
    private final Environment env;
    private final long tickNanos;
    private final long intervalNanos;
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();
    private Environment.Worker worker;
    private long lastCheckpoint;

    Background(CommitPipeline pipeline, Checkpointer checkpointer, EngineState state, Config config, Environment env) {
        this.pipeline = pipeline;
        this.checkpointer = checkpointer;
        this.state = state;
        this.env = env;
        this.tickNanos = Math.min(config.asyncSyncDelay().toNanos(), TimeUnit.SECONDS.toNanos(1));
        this.intervalNanos = config.checkpointInterval().toNanos();
    }

    void start() {
        lastCheckpoint = env.nanoTime();
        worker = env.startWorker("aether-background", tickNanos, this::step);
    }

    void requestCheckpoint() {
        checkpointRequested.set(true);
        if (worker != null) {
            worker.wake();
        }
    }

    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    /** One round: the ASYNC fsync, then a checkpoint if asked for or due. False ends the worker. */
    private boolean step() {
        boolean doCheckpoint = checkpointRequested.getAndSet(false)
                || (intervalNanos > 0 && env.nanoTime() - lastCheckpoint >= intervalNanos);
        try {
            pipeline.syncAsync();
            if (doCheckpoint) {
                lastCheckpoint = env.nanoTime();
                if (checkpointer.due()) {
                    checkpointer.run(false);
                }
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("background work failed", e); // an I/O failure is already recorded by the engine
            return true;
        } catch (Throwable t) {
            state.fail(t); // an Error: stop accepting writes rather than silently losing ASYNC syncs
            LOG.error("background thread stopped by an error", t);
            return false;
        }
    }
}
