package io.tandem.drbd.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the statement tree of a configuration file and of every file it includes. Brace and semicolon errors are
 * recorded and reading goes on, so one run reports them all.
 *
 * <p>{@code include "glob";} is allowed only outside sections, and the glob is relative to the including file's
 * directory; matches are read in sorted order, as glob(3) returns them to drbdadm. A pattern that matches nothing is
 * not an error for drbdadm (an empty {@code drbd.d/*.res} is normal), so it is only a warning here.
 */
final class StatementReader {

    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> warnings;
    private final Set<Path> filesBeingRead = new HashSet<>();

    StatementReader(List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        this.problems = problems;
        this.warnings = warnings;
    }

    List<Statement> read(Path file) {
        Path real = file.toAbsolutePath().normalize();
        if (!filesBeingRead.add(real)) {
            problems.add(new ConfigProblem(file, 1, "includes itself (directly or through other files)"));
            return List.of();
        }
        try {
            return read(file, Files.readString(file));
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 1, "cannot read: " + e));
            return List.of();
        } finally {
            filesBeingRead.remove(real);
        }
    }

    List<Statement> read(Path file, String text) {
        List<Token> tokens = ConfigTokenizer.tokenize(file, text, problems, warnings);
        Cursor cursor = new Cursor(tokens);
        List<Statement> statements = readBlock(file, cursor, Optional.empty());
        return expandIncludes(file, statements);
    }

    private List<Statement> readBlock(Path file, Cursor cursor, Optional<Statement> opener) {
        List<Statement> statements = new ArrayList<>();
        while (cursor.hasNext()) {
            Token token = cursor.next();
            switch (token.kind()) {
                case CLOSE_BRACE -> {
                    if (opener.isPresent()) {
                        return statements;
                    }
                    problems.add(new ConfigProblem(file, token.line(), "'}' closes no open section"));
                }
                case SEMICOLON -> problems.add(new ConfigProblem(file, token.line(), "';' without a keyword before it"));
                case OPEN_BRACE -> {
                    problems.add(new ConfigProblem(file, token.line(), "'{' without a section name before it"));
                    readBlock(file, cursor, Optional.of(new Statement("{", List.of(), Optional.empty(), file, token.line())));
                }
                case WORD, QUOTED -> statements.add(readStatement(file, token, cursor));
            }
        }
        opener.ifPresent(open -> problems.add(new ConfigProblem(file, open.line(),
                "missing '}': section " + open.describe() + " opened here is never closed (drbdadm would accept a"
                        + " missing final brace, tandem does not)")));
        return statements;
    }

    private Statement readStatement(Path file, Token keyword, Cursor cursor) {
        List<String> arguments = new ArrayList<>();
        int lastLine = keyword.line();
        while (cursor.hasNext() && cursor.peek().isValue()) {
            Token argument = cursor.next();
            arguments.add(argument.text());
            lastLine = argument.line();
        }
        Statement plain = new Statement(keyword.text(), arguments, Optional.empty(), file, keyword.line());
        if (cursor.hasNext() && cursor.peek().kind() == Token.Kind.SEMICOLON) {
            cursor.next();
            return plain;
        }
        if (cursor.hasNext() && cursor.peek().kind() == Token.Kind.OPEN_BRACE) {
            cursor.next();
            List<Statement> children = readBlock(file, cursor, Optional.of(plain));
            return new Statement(keyword.text(), arguments, Optional.of(children), file, keyword.line());
        }
        problems.add(new ConfigProblem(file, lastLine, "missing ';' after " + plain.describe()));
        return plain;
    }

    private List<Statement> expandIncludes(Path file, List<Statement> statements) {
        List<Statement> expanded = new ArrayList<>();
        for (Statement statement : statements) {
            rejectNestedIncludes(statement);
            if (!statement.keyword().equals("include")) {
                expanded.add(statement);
            } else if (statement.arguments().size() != 1 || statement.hasBlock()) {
                problems.add(new ConfigProblem(file, statement.line(), "include takes one file name or glob: include \"drbd.d/*.res\";"));
            } else {
                for (Path included : matches(file, statement)) {
                    expanded.addAll(read(included));
                }
            }
        }
        return expanded;
    }

    private void rejectNestedIncludes(Statement statement) {
        for (Statement child : statement.children()) {
            if (child.keyword().equals("include")) {
                problems.add(new ConfigProblem(child.file(), child.line(), "include is allowed only outside sections"));
            }
            rejectNestedIncludes(child);
        }
    }

    private List<Path> matches(Path includingFile, Statement include) {
        Path directory = includingFile.toAbsolutePath().getParent();
        Path pattern = directory.resolve(include.arguments().getFirst()).normalize();
        Path parent = pattern.getParent();
        String namePattern = pattern.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (parent != null && Files.isDirectory(parent)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, namePattern)) {
                entries.forEach(entry -> {
                    if (Files.isRegularFile(entry)) {
                        found.add(entry);
                    }
                });
            } catch (IOException e) {
                problems.add(new ConfigProblem(include.file(), include.line(), "cannot list " + parent + ": " + e));
            }
        }
        if (found.isEmpty()) {
            warnings.add(new ConfigProblem(include.file(), include.line(), "include \"" + include.arguments().getFirst()
                    + "\" matches no file"));
        }
        found.sort(null);
        return found;
    }

    private static final class Cursor {
        private final List<Token> tokens;
        private int position;

        Cursor(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean hasNext() {
            return position < tokens.size();
        }

        Token peek() {
            return tokens.get(position);
        }

        Token next() {
            return tokens.get(position++);
        }
    }
}
