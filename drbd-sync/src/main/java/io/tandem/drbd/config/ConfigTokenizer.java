package io.tandem.drbd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file into words, quoted strings, braces and semicolons as drbdadm's scanner does: {@code #} comments to
 * the end of the line anywhere outside quotes, ASCII double quotes with backslash escapes, no newline inside quotes.
 *
 * <p>Typographic quotes ({@code “…”}, pasted from how-tos such as the seed's) are read as quotes, and a warning says
 * so: drbdadm itself refuses them ({@code Parse error: 'TK_STRING' expected, but got '�'}), so a file written by
 * tandem never contains them.
 */
final class ConfigTokenizer {

    private static final char LEFT_TYPOGRAPHIC_QUOTE = '\u201C';
    private static final char RIGHT_TYPOGRAPHIC_QUOTE = '\u201D';

    private ConfigTokenizer() {}

    static List<Token> tokenize(Path file, String text, List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\n') {
                line++;
                at++;
            } else if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '#') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (c == '{') {
                tokens.add(new Token(Token.Kind.OPEN_BRACE, "{", line));
                at++;
            } else if (c == '}') {
                tokens.add(new Token(Token.Kind.CLOSE_BRACE, "}", line));
                at++;
            } else if (c == ';') {
                tokens.add(new Token(Token.Kind.SEMICOLON, ";", line));
                at++;
            } else if (c == '"' || c == LEFT_TYPOGRAPHIC_QUOTE || c == RIGHT_TYPOGRAPHIC_QUOTE) {
                boolean typographic = c != '"';
                if (typographic) {
                    warnings.add(new ConfigProblem(file, line, "typographic quote read as '\"'; drbdadm refuses it,"
                            + " replace it with an ASCII double quote"));
                }
                StringBuilder value = new StringBuilder();
                int start = line;
                at++;
                boolean closed = false;
                while (at < text.length()) {
                    char inside = text.charAt(at);
                    if (inside == '\n') {
                        break;
                    }
                    if (typographic ? inside == RIGHT_TYPOGRAPHIC_QUOTE || inside == LEFT_TYPOGRAPHIC_QUOTE : inside == '"') {
                        closed = true;
                        at++;
                        break;
                    }
                    if (inside == '\\' && at + 1 < text.length() && text.charAt(at + 1) != '\n') {
                        value.append(text.charAt(at + 1));
                        at += 2;
                    } else {
                        value.append(inside);
                        at++;
                    }
                }
                if (!closed) {
                    problems.add(new ConfigProblem(file, start, "quoted string not closed on its line: \"" + value));
                }
                tokens.add(new Token(Token.Kind.QUOTED, value.toString(), start));
            } else {
                int start = at;
                while (at < text.length() && !endsWord(text.charAt(at))) {
                    at++;
                }
                tokens.add(new Token(Token.Kind.WORD, text.substring(start, at), line));
            }
        }
        return tokens;
    }

    private static boolean endsWord(char c) {
        return Character.isWhitespace(c)
                || c == '{'
                || c == '}'
                || c == ';'
                || c == '#'
                || c == '"'
                || c == LEFT_TYPOGRAPHIC_QUOTE
                || c == RIGHT_TYPOGRAPHIC_QUOTE;
    }
}
