package io.tandem.replicator.pipeline;

import io.tandem.replicator.event.StatementContext;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.FilterRules;
import io.tandem.replicator.filter.ReplicationFilter;

/**
 * Keeps tandem's own schemas out of replication, whatever the user's filters say, and hides the
 * neutral schema from them.
 *
 * <p>tandem's metadata DDL runs with the metadata schema as default database, and the neutral schema
 * ({@code <metadata>_nodb}) is created by that DDL; rows of the metadata tables are checkpoints of
 * other channels. None of it may travel. A statement that the applier ran under the neutral schema
 * (because the master ran it with no default database) is a user statement: the user's filters see
 * it with no default database, as they would have on the master.
 *
 * <p>Statements that write tandem's tables are recognised by the tables they name too, not only by their
 * default database: on a server with binlog_format=MIXED the applier's checkpoint UPDATE is logged as
 * its SQL text under whatever database the applier last used.
 */
final class MetadataSchemaFilter implements ChangeFilter {

    private final String metadataSchema;
    private final String neutralSchema;
    private final ChangeFilter userRules;
    private final ReplicationFilter metadataOnly;

    MetadataSchemaFilter(String metadataSchema, String neutralSchema, ChangeFilter userRules) {
        this.metadataSchema = metadataSchema;
        this.neutralSchema = neutralSchema;
        this.userRules = userRules;
        this.metadataOnly = ReplicationFilter.of(FilterRules.NONE, metadataSchema);
    }

    @Override
    public Decision forRows(TableId table) {
        if (table.database().equalsIgnoreCase(metadataSchema) || table.database().equalsIgnoreCase(neutralSchema)) {
            return Decision.skip("metadata-schema");
        }
        return userRules.forRows(table);
    }

    @Override
    public Decision forStatement(StatementExecuted statement) {
        StatementContext context = statement.context();
        String database = context.defaultDatabase();
        if (database != null && (database.equalsIgnoreCase(metadataSchema)
                || (context.suppressUse() && database.equalsIgnoreCase(neutralSchema)))) {
            return Decision.skip("metadata-schema");
        }
        if (metadataOnly.forStatement(statement).shouldSkip()) {
            return Decision.skip("metadata-schema");
        }
        if (database != null && database.equalsIgnoreCase(neutralSchema)) {
            return userRules.forStatement(new StatementExecuted(statement.at(), statement.sql(),
                    withoutDefaultDatabase(context), statement.endPosition()));
        }
        return userRules.forStatement(statement);
    }

    private static StatementContext withoutDefaultDatabase(StatementContext c) {
        return new StatementContext(null, c.suppressUse(), c.timestampSeconds(), c.microseconds(), c.flags2(),
                c.sqlMode(), c.charsetClient(), c.collationConnection(), c.collationServer(), c.collationDatabase(),
                c.timeZone(), c.lcTimeNames(), c.autoIncrementIncrement(), c.autoIncrementOffset(), c.insertId(),
                c.lastInsertId(), c.randSeed1(), c.randSeed2(), c.userVariables(), c.errorCode(), c.threadId());
    }
}
