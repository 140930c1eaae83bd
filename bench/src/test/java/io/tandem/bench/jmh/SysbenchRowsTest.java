package io.tandem.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.source.RowDecoding;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' events are the server's: built bytes equal bytes captured from MariaDB 10.11.19. */
class SysbenchRowsTest {

    private static final String C = "68487932199-96439406143-93774651418-41631865787-96406072701-20604855487"
            + "-25459966574-28203206787-41238978918-19503783441";
    private static final String PAD = "22195207048-70116052123-74140395089-76317954521-98694025897";

    /**
     * mariadbd 10.11.19, binlog_row_metadata=FULL, utf8mb4: sysbench's CREATE TABLE sbtest1, then
     * INSERT INTO sbtest.sbtest1 VALUES (7, 4242, C, PAD), the WRITE_ROWS body read from the binlog file.
     */
    private static final String CAPTURED_WRITE_ROWS = "120000000000 0100 04 0f f0 07000000 92100000 7700"
            + HexFormat.of().formatHex(C.getBytes(StandardCharsets.US_ASCII)) + "3b"
            + HexFormat.of().formatHex(PAD.getBytes(StandardCharsets.US_ASCII));

    @Test
    void buildsTheWriteRowsBodyMariaDbWrites() {
        byte[] built = SysbenchRows.event(RowChange.INSERT, List.of(new SysbenchRows.Row(7, 4242, C, PAD))).body();
        assertThat(HexFormat.of().formatHex(built)).isEqualTo(CAPTURED_WRITE_ROWS.replace(" ", ""));
    }

    @Test
    void buildsEventsTheDecoderReadsBackExactly() {
        List<SysbenchRows.Row> rows = SysbenchRows.rows(10, 1);
        for (RowChange kind : RowChange.values()) {
            RowImages decoded = RowDecoding.decode(SysbenchRows.event(kind, rows), new boolean[4]);
            RowImages expected = SysbenchRows.images(kind, rows);
            assertThat(decoded.rowCount()).isEqualTo(10);
            assertThat(decoded.before()).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.before());
            assertThat(decoded.after()).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.after());
        }
    }
}
