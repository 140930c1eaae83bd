package io.tandem.replicator.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into the few token kinds the table extraction needs. Comments are dropped,
 * except MySQL's executable comments {@code /*!50100 ...}{@code *}{@code /} and MariaDB's
 * {@code /*M!100100 ...}{@code *}{@code /}, whose contents the server runs as code (mysqldump's
 * {@code /*!40000 ALTER TABLE t DISABLE KEYS *}{@code /} is an ALTER TABLE), so they are lexed as code.
 */
final class SqlLexer {

    enum Kind {
        /** An unquoted word: keyword, identifier or number. */
        WORD,
        /** A backquoted identifier, with doubled backquotes undone. */
        QUOTED_IDENTIFIER,
        /** A double-quoted text: a string, or an identifier under sql_mode ANSI_QUOTES. */
        DOUBLE_QUOTED,
        /** A single-quoted string. */
        STRING,
        /** Any other single character: {@code . , ( ) ; = @}. */
        SYMBOL
    }

    record Token(Kind kind, String text) {

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && text.charAt(0) == symbol;
        }

        /** Whether this token can name a table: a word, a backquoted identifier, or (ANSI_QUOTES) a double-quoted one. */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER || kind == Kind.DOUBLE_QUOTED;
        }
    }

    /** A statement the lexer cannot split: an unterminated quote or comment. */
    static final class UnreadableStatementException extends Exception {
        UnreadableStatementException(String message) {
            super(message);
        }
    }

    private SqlLexer() {}

    static List<Token> tokenize(String sql) throws UnreadableStatementException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        int openExecutableComments = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", i) && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2))))) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
                    i += sql.charAt(i + 2) == 'M' ? 4 : 3;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                    openExecutableComments++;
                } else {
                    int end = sql.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw new UnreadableStatementException("unterminated /* comment");
                    }
                    i = end + 2;
                }
            } else if (c == '*' && openExecutableComments > 0 && sql.startsWith("*/", i)) {
                openExecutableComments--;
                i += 2;
            } else if (c == '`') {
                StringBuilder name = new StringBuilder();
                i = quoted(sql, i, '`', name, false);
                tokens.add(new Token(Kind.QUOTED_IDENTIFIER, name.toString()));
            } else if (c == '"') {
                StringBuilder text = new StringBuilder();
                i = quoted(sql, i, '"', text, true);
                tokens.add(new Token(Kind.DOUBLE_QUOTED, text.toString()));
            } else if (c == '\'') {
                StringBuilder text = new StringBuilder();
                i = quoted(sql, i, '\'', text, true);
                tokens.add(new Token(Kind.STRING, text.toString()));
            } else if (isWordCharacter(c)) {
                int start = i;
                while (i < n && isWordCharacter(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i)));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** Identifier characters of unquoted MySQL names: letters, digits, {@code _}, {@code $} and anything beyond ASCII. */
    private static boolean isWordCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }

    /** Reads a quoted token starting at the opening quote; a doubled quote is one quote, and in strings a backslash escapes. */
    private static int quoted(String sql, int open, char quote, StringBuilder out, boolean backslashEscapes)
            throws UnreadableStatementException {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < sql.length()) {
                out.append(sql.charAt(i + 1));
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    out.append(quote);
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        throw new UnreadableStatementException("unterminated " + quote + " quote");
    }
}
