package org.aetherdb.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aetherdb.checkpoint.Checkpointer;
import org.aetherdb.state.EngineState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's background work: forces ASYNC commits within their delay, runs checkpoints on
 * the interval or when a writer asks for one, forces the log behind no-fsync writers (so a
 * segment roll on the writer's thread finds little to force), and collects log segments that hold few live values. What runs it, and when, is the
 * {@link Environment}'s choice: a daemon thread normally, the simulation's scheduler in
 * deterministic simulation. Time comes from the environment's clock.
 */
final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final CommitPipeline pipeline;
    private final Checkpointer checkpointer;
    private final ValueCollector collector;
    private final EngineState state;
    private final Environment env;
    private final long tickNanos;
    private final long intervalNanos;
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();
    private final AtomicBoolean writeBehindRequested = new AtomicBoolean();
    private Environment.Worker worker;
    private long lastCheckpoint;

    Background(CommitPipeline pipeline, Checkpointer checkpointer, ValueCollector collector, EngineState state, Config config,
               Environment env) {
        this.pipeline = pipeline;
        this.checkpointer = checkpointer;
        this.collector = collector;
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

    /** A group left the write-behind bytes of log unforced: force them soon, without the commit lock. */
    void logBehind() {
        if (!writeBehindRequested.getAndSet(true) && worker != null) {
            worker.wake();
        }
    }

    /** A client commit carried the collector's batch: run a round soon, so collection keeps pace with writes. */
    void collectorReady() {
        if (worker != null) {
            worker.wake();
        }
    }

    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    /**
     * One round: the ASYNC fsync, the log's write-behind force, then a checkpoint if asked for or due, then one batch of the
     * collector handed to the next client commit (when a segment is done, a checkpoint is asked
     * for, which releases it). False ends the worker.
     */
    private boolean step() {
        boolean doCheckpoint = checkpointRequested.getAndSet(false)
                || (intervalNanos > 0 && env.nanoTime() - lastCheckpoint >= intervalNanos);
        try {
            pipeline.syncAsync();
            if (writeBehindRequested.getAndSet(false)) {
                pipeline.writeBehind();
            }
            if (doCheckpoint) {
                lastCheckpoint = env.nanoTime();
                if (checkpointer.due()) {
                    checkpointer.run(false);
                }
            }
            if (state.failure() == null && !state.closing() && collector.step()) {
                checkpointRequested.set(true); // releases the segment just collected
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
