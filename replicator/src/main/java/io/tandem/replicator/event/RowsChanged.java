package io.tandem.replicator.event;

import io.tandem.replicator.schema.TableMap;

/**
 * A row event, still undecoded: the decode stage turns {@code body} into {@link RowImages} on its own
 * thread, so the connector's socket thread only frames events.
 *
 * @param at where the event starts
 * @param kind insert, update or delete
 * @param table the TABLE_MAP in force for the event's table id
 * @param flags the row event's flags: 0x0001 end of statement, 0x0002 no foreign key checks, 0x0004 relaxed unique
 *     checks, 0x0080 no CHECK constraint checks (MariaDB)
 * @param body the event body without the common header and checksum, starting at the table id
 * @param version 1 for v1 row events (MariaDB, types 23-25), 2 for v2 (MySQL, types 30-32: extra-data block)
 * @param endPosition the master's position after this event
 */
public record RowsChanged(
        BinlogPosition at, RowChange kind, TableMap table, int flags, byte[] body, int version, long endPosition)
        implements ChangeEvent {

    public static final int STMT_END = 0x0001;
    public static final int NO_FOREIGN_KEY_CHECKS = 0x0002;
    public static final int RELAXED_UNIQUE_CHECKS = 0x0004;
    /** MariaDB's NO_CHECK_CONSTRAINT_CHECKS_F: the master session ran with check_constraint_checks=0. */
    public static final int NO_CHECK_CONSTRAINT_CHECKS = 0x0080;
}
