package io.tandem.replicator.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which Java charset reads text written in a server collation, by collation id (the ids QUERY events and
 * TABLE_MAP charsets carry).
 *
 * <p>The ids are MariaDB 10.11's ({@code information_schema.COLLATION_CHARACTER_SET_APPLICABILITY},
 * including the UCA 14.0 collations from 2048 up), which share 1-247 with MySQL, plus MySQL 8's own
 * utf8mb4_0900 family (255-323), gb18030 (248-250) and utf8mb3_tolower_ci (76). Charsets Java lacks
 * (dec8, hp8, swe7, armscii8, keybcs2, geostd8) are absent on purpose: an unknown id stops decoding.
 *
 * <p>The server's {@code latin1} is not ISO-8859-1 but Windows-1252, and unlike Java's windows-1252
 * it maps the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) to the C1 controls of
 * the same number; {@link #MARIADB_LATIN1} does the same, so every latin1 byte string has exactly one
 * decoding and encodes back to itself.
 */
final class CollationCharsets {

    /** The server's {@code latin1}: Windows-1252 with its five holes filled by C1 controls. */
    static final Charset MARIADB_LATIN1 = new MariaDbLatin1();

    private static final int UTF8MB3_GENERAL_CI = 33;

    private static final Map<Integer, String> CHARSET_BY_COLLATION = new HashMap<>();
    private static final Map<String, String> JAVA_NAME_BY_CHARSET = Map.ofEntries(
            Map.entry("big5", "Big5"),
            Map.entry("cp850", "IBM850"),
            Map.entry("koi8r", "KOI8-R"),
            Map.entry("latin2", "ISO-8859-2"),
            Map.entry("ascii", "US-ASCII"),
            Map.entry("ujis", "EUC-JP"),
            Map.entry("sjis", "Shift_JIS"),
            Map.entry("hebrew", "ISO-8859-8"),
            Map.entry("tis620", "TIS-620"),
            Map.entry("euckr", "EUC-KR"),
            Map.entry("koi8u", "KOI8-U"),
            Map.entry("gb2312", "GB2312"),
            Map.entry("greek", "ISO-8859-7"),
            Map.entry("cp1250", "windows-1250"),
            Map.entry("gbk", "GBK"),
            Map.entry("latin5", "ISO-8859-9"),
            Map.entry("utf8mb3", "UTF-8"),
            Map.entry("ucs2", "UTF-16BE"),
            Map.entry("cp866", "IBM866"),
            Map.entry("macce", "x-MacCentralEurope"),
            Map.entry("macroman", "x-MacRoman"),
            Map.entry("cp852", "IBM852"),
            Map.entry("latin7", "ISO-8859-13"),
            Map.entry("utf8mb4", "UTF-8"),
            Map.entry("cp1251", "windows-1251"),
            Map.entry("utf16", "UTF-16BE"),
            Map.entry("utf16le", "UTF-16LE"),
            Map.entry("cp1256", "windows-1256"),
            Map.entry("cp1257", "windows-1257"),
            Map.entry("utf32", "UTF-32BE"),
            // 'binary' text is bytes; ISO-8859-1 maps each byte to one char and back unchanged.
            Map.entry("binary", "ISO-8859-1"),
            Map.entry("cp932", "windows-31j"),
            Map.entry("eucjpms", "x-eucJP-Open"),
            Map.entry("gb18030", "GB18030"));

    static {
        collations("big5", 1, 84, 1025, 1108);
        collations("cp850", 4, 80, 1028, 1104);
        collations("koi8r", 7, 74, 1031, 1098);
        collations("latin1", 5, 8, 15, 31, 47, 48, 49, 94, 1032, 1071);
        collations("latin2", 2, 9, 21, 27, 77, 1033, 1101);
        collations("ascii", 11, 65, 1035, 1089);
        collations("ujis", 12, 91, 1036, 1115);
        collations("sjis", 13, 88, 1037, 1112);
        collations("hebrew", 16, 71, 1040, 1095);
        collations("tis620", 18, 89, 1042, 1113);
        collations("euckr", 19, 85, 1043, 1109);
        collations("koi8u", 22, 75, 1046, 1099);
        collations("gb2312", 24, 86, 1048, 1110);
        collations("greek", 25, 70, 1049, 1094);
        collations("cp1250", 26, 34, 44, 66, 99, 1050, 1090);
        collations("gbk", 28, 87, 1052, 1111);
        collations("latin5", 30, 78, 1054, 1102);
        collations("utf8mb3", 33, 76, 83, 223, 576, 577, 578, 1057, 1107, 1216, 1238);
        collationRange("utf8mb3", 192, 215);
        collationRange("utf8mb3", 2048, 2247);
        collations("ucs2", 35, 90, 159, 640, 641, 642, 1059, 1114, 1152, 1174);
        collationRange("ucs2", 128, 151);
        collationRange("ucs2", 2560, 2759);
        collations("cp866", 36, 68, 1060, 1092);
        collations("macce", 38, 43, 1062, 1067);
        collations("macroman", 39, 53, 1063, 1077);
        collations("cp852", 40, 81, 1064, 1105);
        collations("latin7", 20, 41, 42, 79, 1065, 1103);
        collations("utf8mb4", 45, 46, 608, 609, 610, 1069, 1070, 1248, 1270);
        collationRange("utf8mb4", 224, 247);
        collationRange("utf8mb4", 255, 323);
        collationRange("utf8mb4", 2304, 2503);
        collations("cp1251", 14, 23, 50, 51, 52, 1074, 1075);
        collations("utf16", 54, 55, 672, 673, 674, 1078, 1079, 1125, 1147);
        collationRange("utf16", 101, 124);
        collationRange("utf16", 2816, 3015);
        collations("utf16le", 56, 62, 1080, 1086);
        collations("cp1256", 57, 67, 1081, 1091);
        collations("cp1257", 29, 58, 59, 1082, 1083);
        collations("utf32", 60, 61, 736, 737, 738, 1084, 1085, 1184, 1206);
        collationRange("utf32", 160, 183);
        collationRange("utf32", 3072, 3271);
        collations("binary", 63);
        collations("cp932", 95, 96, 1119, 1120);
        collations("eucjpms", 97, 98, 1121, 1122);
        collationRange("gb18030", 248, 250);
    }

    private CollationCharsets() {}

    /**
     * The Java charset for a collation id.
     *
     * @throws UndecodableEventException if the id is not known or Java has no such charset
     */
    static Charset charsetOf(int collationId) {
        String serverCharset = CHARSET_BY_COLLATION.get(collationId);
        if (serverCharset == null) {
            throw new UndecodableEventException("collation id " + collationId + " is unknown to tandem; cannot tell"
                    + " which charset its text is in");
        }
        if (serverCharset.equals("latin1")) {
            return MARIADB_LATIN1;
        }
        String javaName = JAVA_NAME_BY_CHARSET.get(serverCharset);
        try {
            return Charset.forName(javaName);
        } catch (UnsupportedCharsetException e) {
            throw new UndecodableEventException("collation id " + collationId + " is " + serverCharset + ", but this JVM"
                    + " has no " + javaName + " charset (is the jdk.charsets module missing?)", e);
        }
    }

    /**
     * Decodes a name the server writes in its system charset, utf8mb3: database names, user variable names,
     * time zone names.
     */
    static String identifier(byte[] bytes) {
        return decode(bytes, 0, bytes.length, UTF8MB3_GENERAL_CI);
    }

    /** The server's charset name for a collation id, or null when unknown. */
    static String serverCharsetOf(int collationId) {
        return CHARSET_BY_COLLATION.get(collationId);
    }

    /**
     * Decodes text strictly: a byte sequence that is not valid in the charset throws instead of becoming
     * U+FFFD, because a replaced character would be replayed as something the master never ran.
     *
     * @throws UndecodableEventException if the id is unknown or the bytes are not valid in its charset
     */
    static String decode(byte[] bytes, int offset, int length, int collationId) {
        Charset charset = charsetOf(collationId);
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UndecodableEventException(length + " bytes of text are not valid " + charset.name()
                    + " (collation id " + collationId + "): " + e, e);
        }
    }

    private static void collations(String charset, int... ids) {
        for (int id : ids) {
            if (CHARSET_BY_COLLATION.put(id, charset) != null) {
                throw new IllegalStateException("collation id " + id + " listed twice");
            }
        }
    }

    private static void collationRange(String charset, int first, int last) {
        for (int id = first; id <= last; id++) {
            collations(charset, id);
        }
    }

    private static final class MariaDbLatin1 extends Charset {

        private static final char[] CHAR_BY_BYTE = new char[256];
        private static final Map<Character, Byte> BYTE_BY_CHAR = new HashMap<>();

        static {
            Charset windows1252 = Charset.forName("windows-1252");
            for (int b = 0; b < 256; b++) {
                try {
                    CHAR_BY_BYTE[b] = windows1252.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(new byte[] {(byte) b}))
                            .charAt(0);
                } catch (CharacterCodingException undefinedInWindows1252) {
                    CHAR_BY_BYTE[b] = (char) b;
                }
                BYTE_BY_CHAR.put(CHAR_BY_BYTE[b], (byte) b);
            }
        }

        MariaDbLatin1() {
            super("x-mariadb-latin1", new String[0]);
        }

        @Override
        public boolean contains(Charset other) {
            return other.equals(this) || other.equals(StandardCharsets.US_ASCII);
        }

        @Override
        public CharsetDecoder newDecoder() {
            return new CharsetDecoder(this, 1, 1) {
                @Override
                protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                    while (in.hasRemaining()) {
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        out.put(CHAR_BY_BYTE[in.get() & 0xFF]);
                    }
                    return CoderResult.UNDERFLOW;
                }
            };
        }

        @Override
        public CharsetEncoder newEncoder() {
            return new CharsetEncoder(this, 1, 1) {
                @Override
                protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                    while (in.hasRemaining()) {
                        Byte encoded = BYTE_BY_CHAR.get(in.get(in.position()));
                        if (encoded == null) {
                            return CoderResult.unmappableForLength(1);
                        }
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        in.get();
                        out.put(encoded);
                    }
                    return CoderResult.UNDERFLOW;
                }
            };
        }
    }
}
