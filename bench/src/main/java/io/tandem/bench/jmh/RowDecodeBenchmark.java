package io.tandem.bench.jmh;

import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.source.RowDecoding;
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
 * Decode cost of one sysbench row event (WRITE_ROWS, UPDATE_ROWS, DELETE_ROWS on sbtest) of 1, 10 or
 * 100 rows, through the decoder the pipeline uses ({@link RowDecoding#decode}): the decode stage's work
 * per event, without the binlog library's framing.
 *
 * <pre>java -jar bench/target/benchmarks.jar RowDecodeBenchmark -f 1 -wi 3 -i 5 -p rows=1,10,100</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
// On two cores C2 needs more than a few seconds per variant: warm-up iterations of 3 s.
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 1)
public class RowDecodeBenchmark {

    @Param({"1", "10", "100"})
    int rows;

    @Param({"INSERT", "UPDATE", "DELETE"})
    RowChange kind;

    private RowsChanged event;
    private final boolean[] unsigned = new boolean[4];

    @Setup
    public void buildEvent() {
        event = SysbenchRows.event(kind, SysbenchRows.rows(rows, 42));
        RowImages check = RowDecoding.decode(event, unsigned);
        if (check.rowCount() != rows) {
            throw new IllegalStateException("decoded " + check.rowCount() + " rows of " + rows);
        }
    }

    @Benchmark
    public RowImages decode() {
        return RowDecoding.decode(event, unsigned);
    }
}
