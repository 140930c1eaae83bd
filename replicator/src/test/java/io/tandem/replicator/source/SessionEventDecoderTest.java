package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replicator.event.StatementContext.UserVariable;
import io.tandem.replicator.source.SessionEventDecoder.MariadbGtid;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RAND, USER_VAR and MARIADB_GTID bodies as mariadbd 10.11.19 wrote them, plus hand-built edge cases. */
class SessionEventDecoderTest {

    @Test
    void decodesBothRandSeeds() {
        assertThat(SessionEventDecoder.decodeRand(hex("743e022200000000 25a1ba1d00000000")))
                .containsExactly(570_572_404L, 498_770_213L);
        assertThatThrownBy(() -> SessionEventDecoder.decodeRand(hex("743e0222")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("body is 4 bytes, not 16");
    }

    @Test
    void decodesStringUserVariableAsBytesWithItsCollation() {
        // SET @s = 'hé' from a utf8mb3 client.
        UserVariable variable = SessionEventDecoder.decodeUserVar(hex("01000000 73 00 00 21000000 03000000 68c3a9"));
        assertThat(variable.name()).isEqualTo("s");
        assertThat((byte[]) variable.value()).isEqualTo(hex("68c3a9"));
        assertThat(variable.collation()).isEqualTo(33);
    }

    @Test
    void decodesNullIntegerRealAndDecimalUserVariables() {
        assertThat(SessionEventDecoder.decodeUserVar(hex("01000000 6e 01")))
                .isEqualTo(new UserVariable("n", null, 0));
        assertThat(SessionEventDecoder.decodeUserVar(hex("01000000 69 00 02 08000000 08000000 fbffffffffffffff 00"))
                .value()).isEqualTo(-5L);
        assertThat(SessionEventDecoder.decodeUserVar(hex("01000000 75 00 02 08000000 08000000 ffffffffffffffff 01"))
                .value()).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(SessionEventDecoder.decodeUserVar(hex("01000000 72 00 01 08000000 08000000 000000000000f83f"))
                .value()).isEqualTo(1.5d);
        assertThat(SessionEventDecoder.decodeUserVar(hex("01000000 64 00 04 08000000 07000000 08 05 7f84ff4ddf"))
                .value()).isEqualTo(new BigDecimal("-123.45600"));
    }

    @Test
    void rejectsUserVariableWithLeftoverBytesOrUnknownType() {
        assertThatThrownBy(() -> SessionEventDecoder.decodeUserVar(hex("01000000 6e 01 00")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("USER_VAR event for @n: 1 bytes left over");
        assertThatThrownBy(() -> SessionEventDecoder.decodeUserVar(hex("01000000 72 00 03 08000000 00000000")))
                .hasMessageContaining("value type 3 is not STRING, REAL, INT or DECIMAL");
        assertThatThrownBy(() -> SessionEventDecoder.decodeUserVar(hex("01000000 72 00 01 08000000 04000000 00000000")))
                .hasMessageContaining("REAL_RESULT value is 4 bytes, not 8");
    }

    @Test
    void decodesMariadbGtidOfStandaloneDdl() {
        // GTID 0-1-22 of a CREATE TABLE: FL_STANDALONE | FL_ALLOW_PARALLEL | FL_DDL, then 6 reserved bytes.
        MariadbGtid gtid = SessionEventDecoder.decodeMariadbGtid(hex("1600000000000000 00000000 29 000000000000"));
        assertThat(gtid).isEqualTo(new MariadbGtid(22, 0, 0x29, 0));
        assertThat(gtid.hasFlag(MariadbGtid.FL_STANDALONE)).isTrue();
        assertThat(gtid.hasFlag(MariadbGtid.FL_DDL)).isTrue();
        assertThat(gtid.hasFlag(MariadbGtid.FL_TRANSACTIONAL)).isFalse();
    }

    @Test
    void decodesGroupCommitIdWhenItsFlagIsSet() {
        byte[] body = new BodyBytes().le(5531, 8).le(0xFFFF_FFFFL, 4)
                .u8(MariadbGtid.FL_GROUP_COMMIT_ID | MariadbGtid.FL_TRANSACTIONAL | MariadbGtid.FL_WAITED)
                .le(1_234_567_890_123L, 8).build();
        assertThat(SessionEventDecoder.decodeMariadbGtid(body))
                .isEqualTo(new MariadbGtid(5531, 0xFFFF_FFFFL, 0x16, 1_234_567_890_123L));
        byte[] truncated = new BodyBytes().le(1, 8).le(1, 4).u8(MariadbGtid.FL_GROUP_COMMIT_ID).le(0, 4).build();
        assertThatThrownBy(() -> SessionEventDecoder.decodeMariadbGtid(truncated))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("needs 8 bytes at offset 13");
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }
}
