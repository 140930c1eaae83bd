/**
 * The only package that imports the binlog library ({@code com.github.shyiko.mysql.binlog}). It frames
 * events with the library but decodes their contents itself, exactly or not at all: row images
 * ({@link io.tandem.replicator.source.RowsEventDecoder}), table maps, QUERY status variables, USER_VAR,
 * RAND and MariaDB GTID events. Every decoder throws {@link io.tandem.replicator.source.UndecodableEventException}
 * instead of guessing, because the library's habit of skipping what it cannot read loses data silently.
 */
package io.tandem.replicator.source;
