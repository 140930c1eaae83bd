package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CollationCharsetsTest {

    private static final int LATIN1_SWEDISH_CI = 8;

    @Test
    void readsLatin1AsTheServerDoesIncludingTheBytesWindows1252LeavesUndefined() {
        // Server: CONVERT(_latin1 0x8081 USING utf8mb4) = E282AC C281, and 0x8D8F909D = C28D C28F C290 C29D.
        assertThat(CollationCharsets.decode(new byte[] {(byte) 0x80, (byte) 0x81}, 0, 2, LATIN1_SWEDISH_CI))
                .isEqualTo("\u20ac\u0081");
        assertThat(CollationCharsets.decode(new byte[] {(byte) 0x8D, (byte) 0x8F, (byte) 0x90, (byte) 0x9D}, 0, 4, 48))
                .isEqualTo("\u008d\u008f\u0090\u009d");
        assertThat(CollationCharsets.decode(new byte[] {(byte) 0xE9}, 0, 1, 94)).isEqualTo("é");
    }

    @Test
    void encodesEveryLatin1ByteBackToItself() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String text = CollationCharsets.decode(all, 0, all.length, LATIN1_SWEDISH_CI);
        assertThat(text).hasSize(256);
        assertThat(text.getBytes(CollationCharsets.MARIADB_LATIN1)).isEqualTo(all);
    }

    @Test
    void mapsCommonCollationsToJavaCharsets() {
        assertThat(CollationCharsets.charsetOf(45)).isEqualTo(StandardCharsets.UTF_8); // utf8mb4_general_ci
        assertThat(CollationCharsets.charsetOf(255)).isEqualTo(StandardCharsets.UTF_8); // MySQL utf8mb4_0900_ai_ci
        assertThat(CollationCharsets.charsetOf(2304)).isEqualTo(StandardCharsets.UTF_8); // utf8mb4_uca1400_ai_ci
        assertThat(CollationCharsets.charsetOf(33)).isEqualTo(StandardCharsets.UTF_8); // utf8mb3_general_ci
        assertThat(CollationCharsets.charsetOf(63)).isEqualTo(StandardCharsets.ISO_8859_1); // binary
        assertThat(CollationCharsets.charsetOf(11)).isEqualTo(StandardCharsets.US_ASCII);
        assertThat(CollationCharsets.charsetOf(28).name()).isEqualTo("GBK");
        assertThat(CollationCharsets.charsetOf(51).name()).isEqualTo("windows-1251");
        assertThat(CollationCharsets.charsetOf(35).name()).isEqualTo("UTF-16BE"); // ucs2_general_ci
        assertThat(CollationCharsets.serverCharsetOf(1)).isEqualTo("big5");
    }

    @Test
    void refusesUnknownCollationAndInvalidText() {
        assertThatThrownBy(() -> CollationCharsets.charsetOf(3))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("collation id 3 is unknown");
        assertThatThrownBy(() -> CollationCharsets.decode(new byte[] {(byte) 0xF0, (byte) 0x9F}, 0, 2, 45))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("2 bytes of text are not valid UTF-8");
    }
}
