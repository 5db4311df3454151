package org.aetherdb.engine;

/**
 * When a commit's log record is forced: before the commit returns ({@link #SYNC}), by the
 * background worker shortly after ({@link #ASYNC}), or only by checkpoints and close
 * ({@link #NONE}). The API's {@code Durability}, translated.
 */
public enum SyncMode {
    SYNC,
    ASYNC,
    NONE
}
