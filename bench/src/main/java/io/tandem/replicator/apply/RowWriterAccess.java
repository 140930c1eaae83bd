package io.tandem.replicator.apply;

import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The benchmarks' way to {@link RowWriter}, which stays package-private in the replicator (house style:
 * internals are package-private). This class sits in the same package name in the bench module only, so
 * the replicator's API does not widen for a benchmark.
 */
public final class RowWriterAccess {

    private RowWriterAccess() {}

    public static void insert(Connection connection, TableSchema schema, RowImages images) throws SQLException {
        RowWriter.insert(connection, schema, images, false);
    }

    public static List<Integer> update(Connection connection, TableSchema schema, RowImages images)
            throws SQLException {
        return RowWriter.update(connection, schema, images);
    }

    public static List<Integer> delete(Connection connection, TableSchema schema, RowImages images)
            throws SQLException {
        return RowWriter.delete(connection, schema, images);
    }
}
