package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replicator.event.StatementContext;
import io.tandem.replicator.source.QueryEventDecoder.DecodedQuery;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * QUERY bodies: the first four captured from a MariaDB 10.11.19 binlog (common header and checksum cut
 * off), the rest built by hand for codes 10.11 does not write.
 */
class QueryEventDecoderTest {

    private static final long SQL_MODE_10_11_DEFAULT = 0x5420_0000L;

    @Test
    void decodesCreateDatabaseWithSuppressUseFlag() {
        // Post-header: thread 5, time 0, database length 1, error 0, status length 26. Status: Q_FLAGS2 0x01000000
        // (10.11's default), Q_SQL_MODE, Q_CATALOG_NZ "std", Q_CHARSET 33/33/8. Then "d", NUL, the statement.
        byte[] body = hex("05000000 00000000 01 0000 1a00 00 00000001 01 0000205400000000 06 03 737464"
                + " 04 2100 2100 0800 64 00 6372656174652064617461626173652064");
        DecodedQuery query = QueryEventDecoder.decode(body, 0x0008, 1_795_464_326L);
        assertThat(query.sql()).isEqualTo("create database d");
        StatementContext context = query.context();
        assertThat(context.defaultDatabase()).isEqualTo("d");
        assertThat(context.suppressUse()).isTrue();
        assertThat(context.timestampSeconds()).isEqualTo(1_795_464_326L);
        assertThat(context.threadId()).isEqualTo(5);
        assertThat(context.errorCode()).isZero();
        assertThat(context.flags2()).isEqualTo(0x0100_0000L);
        assertThat(context.sqlMode()).isEqualTo(SQL_MODE_10_11_DEFAULT);
        assertThat(context.charsetClient()).isEqualTo(33);
        assertThat(context.collationConnection()).isEqualTo(33);
        assertThat(context.collationServer()).isEqualTo(8);
        assertThat(context.collationDatabase()).isNull();
        assertThat(context.timeZone()).isNull();
        assertThat(context.lcTimeNames()).isNull();
        assertThat(context.microseconds()).isNull();
        assertThat(context.autoIncrementIncrement()).isNull();
        assertThat(context.autoIncrementOffset()).isNull();
        assertThat(context.insertId()).isNull();
        assertThat(context.randSeed1()).isNull();
        assertThat(context.userVariables()).isEmpty();
    }

    @Test
    void readsXidAndTheStartAlterSequenceOfATwoPhaseAlter() {
        // binlog_alter_two_phase=ON: the COMMIT ALTER carries Q_XID and Q_GTID_FLAGS3 = FL_COMMIT_ALTER_E1 + seq 12.
        byte[] body = hex("0e000000000000000000002d00000000000101000020540000000006037374640421002100080081220000000000000082"
                + "040c0000000000000000616c746572207461626c6520642e74322061646420636f6c756d6e207a20696e74");
        DecodedQuery query = QueryEventDecoder.decode(body, 0, 1L);
        assertThat(query.sql()).isEqualTo("alter table d.t2 add column z int");
        assertThat(query.context().defaultDatabase()).isNull();
        assertThat(query.context().suppressUse()).isFalse();
        // The START ALTER half: Q_GTID_FLAGS3 = FL_START_ALTER_E1, no sequence number.
        byte[] start = hex("0e000000000000000000001c000000000001010000205400000000060373746404210021000800820200616c746572"
                + "207461626c6520642e74322061646420636f6c756d6e207a20696e74");
        assertThat(QueryEventDecoder.decode(start, 0, 1L).sql()).isEqualTo("alter table d.t2 add column z int");
    }

    @Test
    void readsTimeZoneLocaleAndFractionOfNow() {
        byte[] body = hex("0f000000000000000000002900000000000101000020540000000006037374640421002100080005062b30353a33300704"
                + "00809a100800696e7365727420696e746f20642e74322028612c622c78292076616c7565732028646174655f666f726d61"
                + "74286e6f7728292c27256227292c202771272c203929");
        DecodedQuery query = QueryEventDecoder.decode(body, 0, 1L);
        assertThat(query.sql()).isEqualTo("insert into d.t2 (a,b,x) values (date_format(now(),'%b'), 'q', 9)");
        assertThat(query.context().timeZone()).isEqualTo("+05:30");
        assertThat(query.context().lcTimeNames()).isEqualTo(4);
        assertThat(query.context().microseconds()).isEqualTo(528_538);
        assertThat(query.context().threadId()).isEqualTo(15);
    }

    @Test
    void decodesSqlWithTheClientCharsetNotTheJvms() {
        // SET NAMES latin1, then a client that actually sent the UTF-8 bytes C3 A9: the server saw "Ã©".
        byte[] body = hex("0f000000000000000000001d00000000000101000020540000000006037374640408000800080007040000696e7365"
                + "727420696e746f20642e74322028612c622c78292076616c756573202827c3a9272c202771272c20313029");
        DecodedQuery query = QueryEventDecoder.decode(body, 0, 1L);
        assertThat(query.sql()).isEqualTo("insert into d.t2 (a,b,x) values ('\u00c3\u00a9', 'q', 10)");
        assertThat(query.context().charsetClient()).isEqualTo(8);
    }

    @Test
    void readsEveryKnownStatusVariableInAnyOrder() {
        BodyBytes status = new BodyBytes()
                .u8(QueryEventDecoder.Q_CHARACTER_SET_COLLATIONS).u8(2).le(45, 2).le(0x92b, 2).le(8, 2).le(8, 2)
                .u8(QueryEventDecoder.Q_FLAGS2_CODE).le(0x0508_4000L, 4)
                .u8(QueryEventDecoder.Q_SQL_MODE_CODE).le(0x8000_0000_0004_000FL, 8)
                .u8(QueryEventDecoder.Q_CATALOG_CODE).u8(3).ascii("std").u8(0)
                .u8(QueryEventDecoder.Q_AUTO_INCREMENT).le(2, 2).le(1, 2)
                .u8(QueryEventDecoder.Q_CHARSET_CODE).le(224, 2).le(224, 2).le(45, 2)
                .u8(QueryEventDecoder.Q_CATALOG_NZ_CODE).u8(3).ascii("std")
                .u8(QueryEventDecoder.Q_CHARSET_DATABASE_CODE).le(46, 2)
                .u8(QueryEventDecoder.Q_TABLE_MAP_FOR_UPDATE_CODE).le(3, 8)
                .u8(QueryEventDecoder.Q_MASTER_DATA_WRITTEN_CODE).le(0, 4)
                .u8(QueryEventDecoder.Q_INVOKER).u8(4).ascii("root").u8(9).ascii("localhost")
                .u8(QueryEventDecoder.Q_UPDATED_DB_NAMES).u8(2).ascii("a").u8(0).ascii("bc").u8(0)
                .u8(QueryEventDecoder.Q_MICROSECONDS).le(999_999, 3)
                .u8(QueryEventDecoder.Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP).u8(1)
                .u8(QueryEventDecoder.Q_DDL_LOGGED_WITH_XID).le(77, 8)
                .u8(QueryEventDecoder.Q_DEFAULT_COLLATION_FOR_UTF8MB4).le(255, 2)
                .u8(QueryEventDecoder.Q_SQL_REQUIRE_PRIMARY_KEY).u8(0)
                .u8(QueryEventDecoder.Q_DEFAULT_TABLE_ENCRYPTION).u8(0)
                .u8(QueryEventDecoder.Q_XID).le(5, 8)
                .u8(QueryEventDecoder.Q_GTID_FLAGS3).u8(8).le(99, 8);
        byte[] body = query(status.build(), "shop", "SELECT '\uD83D\uDE00'".getBytes(StandardCharsets.UTF_8), 1054);
        DecodedQuery query = QueryEventDecoder.decode(body, 0, 1L);
        assertThat(query.sql()).isEqualTo("SELECT '\uD83D\uDE00'");
        StatementContext context = query.context();
        assertThat(context.defaultDatabase()).isEqualTo("shop");
        assertThat(context.errorCode()).isEqualTo(1054);
        assertThat(context.flags2()).isEqualTo(0x0508_4000L);
        assertThat(context.sqlMode()).isEqualTo(0x8000_0000_0004_000FL);
        assertThat(context.autoIncrementIncrement()).isEqualTo(2);
        assertThat(context.autoIncrementOffset()).isEqualTo(1);
        assertThat(context.charsetClient()).isEqualTo(224);
        assertThat(context.collationConnection()).isEqualTo(224);
        assertThat(context.collationServer()).isEqualTo(45);
        assertThat(context.collationDatabase()).isEqualTo(46);
        assertThat(context.microseconds()).isEqualTo(999_999);
    }

    @Test
    void rejectsUnknownStatusVariableBecauseItsLengthIsUnknowable() {
        byte[] status = new BodyBytes().u8(QueryEventDecoder.Q_CHARSET_CODE).le(33, 2).le(33, 2).le(8, 2)
                .u8(14).le(0, 4).build();
        assertThatThrownBy(() -> QueryEventDecoder.decode(query(status, "", ascii("BEGIN"), 0), 0, 1L))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("status variable code 14 at offset 20 is unknown");
    }

    @Test
    void rejectsStatementWithoutCharsetOrWithTextInvalidInIt() {
        assertThatThrownBy(() -> QueryEventDecoder.decode(query(new byte[0], "", ascii("BEGIN"), 0), 0, 1L))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("no Q_CHARSET");
        byte[] utf8mb4 = new BodyBytes().u8(QueryEventDecoder.Q_CHARSET_CODE).le(45, 2).le(45, 2).le(45, 2).build();
        assertThatThrownBy(() -> QueryEventDecoder.decode(query(utf8mb4, "", hex("53454c45435420ff"), 0), 0, 1L))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("not valid UTF-8 (collation id 45)");
        byte[] unknown = new BodyBytes().u8(QueryEventDecoder.Q_CHARSET_CODE).le(3, 2).le(3, 2).le(3, 2).build();
        assertThatThrownBy(() -> QueryEventDecoder.decode(query(unknown, "", ascii("BEGIN"), 0), 0, 1L))
                .hasMessageContaining("collation id 3 is unknown");
    }

    @Test
    void rejectsTruncatedBodies() {
        byte[] status = new BodyBytes().u8(QueryEventDecoder.Q_SQL_MODE_CODE).le(0, 4).build();
        assertThatThrownBy(() -> QueryEventDecoder.decode(query(status, "", new byte[0], 0), 0, 1L))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("status variable code 1 at offset 13 runs past the end of the status block");
        assertThatThrownBy(() -> QueryEventDecoder.decode(hex("0500000000000000010000ff00"), 0, 1L))
                .hasMessageContaining("status variables of 255 bytes run past the body");
        assertThatThrownBy(() -> QueryEventDecoder.decode(hex("050000000000"), 0, 1L))
                .hasMessageContaining("shorter than the 13-byte post-header");
    }

    private static byte[] query(byte[] status, String database, byte[] sql, int errorCode) {
        return new BodyBytes().le(1, 4).le(0, 4).u8(database.length()).le(errorCode, 2).le(status.length, 2)
                .bytes(status).ascii(database).u8(0).bytes(sql).build();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }
}
