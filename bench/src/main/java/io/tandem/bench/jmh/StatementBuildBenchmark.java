package io.tandem.bench.jmh;

import io.tandem.replicator.apply.RowWriterAccess;
import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Statement building and binding for one decoded sysbench row event of 1, 10 or 100 rows: the apply
 * stage's CPU work per event before the driver sends anything. An INSERT event becomes one multi-row
 * INSERT; UPDATE and DELETE events a batch of single-row statements by primary key. The connection is a
 * {@link RecordingConnection}, so no driver encoding and no round trip is included.
 *
 * <pre>java -jar bench/target/benchmarks.jar StatementBuildBenchmark -f 1 -wi 3 -i 5 -p rows=1,10,100</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
// On two cores C2 needs more than a few seconds per variant: warm-up iterations of 3 s.
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 1)
public class StatementBuildBenchmark {

    @Param({"1", "10", "100"})
    int rows;

    @Param({"INSERT", "UPDATE", "DELETE"})
    RowChange kind;

    private RowImages images;
    private TableSchema schema;
    private RecordingConnection recording;
    private Connection connection;

    @Setup
    public void buildImages() {
        images = SysbenchRows.images(kind, SysbenchRows.rows(rows, 42));
        schema = SysbenchRows.tableSchema();
        recording = new RecordingConnection();
        connection = recording.connection();
    }

    @Benchmark
    public long buildAndBind() throws SQLException {
        switch (kind) {
            case INSERT -> RowWriterAccess.insert(connection, schema, images);
            case UPDATE -> RowWriterAccess.update(connection, schema, images);
            case DELETE -> RowWriterAccess.delete(connection, schema, images);
        }
        return recording.fingerprint();
    }
}
