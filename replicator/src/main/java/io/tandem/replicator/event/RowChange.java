package io.tandem.replicator.event;

/** The kind of a row event. */
public enum RowChange {
    INSERT, UPDATE, DELETE
}
