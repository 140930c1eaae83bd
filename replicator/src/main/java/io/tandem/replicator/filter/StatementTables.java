package io.tandem.replicator.filter;

import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.SqlLexer.Kind;
import io.tandem.replicator.filter.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Works out which tables a binlogged statement updates, for the table rules. It knows the statements
 * a binlog carries for data and schema changes: INSERT, REPLACE, single-table UPDATE and DELETE,
 * CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX, CREATE/ALTER/DROP VIEW, TRUNCATE, RENAME TABLE and
 * LOAD DATA. Anything else is {@link UpdatedTables.Shape#UNKNOWN}: the filter then refuses to guess.
 *
 * <p>The answers follow the server's own table list, where only tables added "for update" count
 * (MariaDB's {@code TL_OPTION_UPDATING}): the target of INSERT ... SELECT but not its sources, the new
 * table of CREATE TABLE ... LIKE but not the model, both names of each RENAME TABLE pair, and only
 * the altered table of ALTER TABLE ... RENAME TO (the new name is not in the list). Multi-table UPDATE
 * and DELETE are unknown: the server decides those after resolving which tables the SET clause or
 * the delete list really touches, through aliases.
 */
final class StatementTables {

    private final List<Token> tokens;
    private final String defaultDatabase;
    private int next;

    private StatementTables(List<Token> tokens, String defaultDatabase) {
        this.tokens = tokens;
        this.defaultDatabase = defaultDatabase == null ? "" : defaultDatabase;
    }

    /**
     * @param sql the statement as logged
     * @param defaultDatabase the master session's default database, used for unqualified names; null or empty for none
     */
    static UpdatedTables of(String sql, String defaultDatabase) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlLexer.UnreadableStatementException e) {
            return UpdatedTables.unknown("the statement cannot be read: " + e.getMessage());
        }
        try {
            return new StatementTables(tokens, defaultDatabase).parse();
        } catch (NotUnderstood e) {
            return UpdatedTables.unknown(e.getMessage());
        }
    }

    /** Thrown inside the parser when the statement leaves the forms it knows. */
    private static final class NotUnderstood extends Exception {
        NotUnderstood(String message) {
            super(message, null, false, false);
        }
    }

    private UpdatedTables parse() throws NotUnderstood {
        if (tokens.isEmpty()) {
            return UpdatedTables.unknown("the statement is empty");
        }
        Token first = tokens.get(next++);
        String verb = first.kind() == Kind.WORD ? first.text().toUpperCase(Locale.ROOT) : first.text();
        return switch (verb) {
            case "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA" ->
                UpdatedTables.shape(UpdatedTables.Shape.TRANSACTION_CONTROL);
            case "INSERT" -> insert("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE");
            case "REPLACE" -> insert("LOW_PRIORITY", "DELAYED");
            case "UPDATE" -> update();
            case "DELETE" -> delete();
            case "CREATE" -> create();
            case "ALTER" -> alter();
            case "DROP" -> drop();
            case "TRUNCATE" -> {
                acceptWord("TABLE");
                yield single(tableName());
            }
            case "RENAME" -> rename();
            case "LOAD" -> load();
            default -> throw new NotUnderstood("tandem does not work out which tables a " + verb + " statement updates");
        };
    }

    private UpdatedTables insert(String... modifiers) throws NotUnderstood {
        skipWords(modifiers);
        acceptWord("INTO");
        return single(tableName());
    }

    private UpdatedTables update() throws NotUnderstood {
        skipWords("LOW_PRIORITY", "IGNORE");
        TableId table = tableName();
        skipPartitionClause();
        skipAlias();
        if (!acceptWord("SET")) {
            throw new NotUnderstood("a multi-table UPDATE updates the tables its SET clause names, which tandem does not resolve");
        }
        return single(table);
    }

    private UpdatedTables delete() throws NotUnderstood {
        skipWords("LOW_PRIORITY", "QUICK", "IGNORE");
        if (!acceptWord("FROM")) {
            throw new NotUnderstood("a multi-table DELETE deletes from the tables it lists through aliases, which tandem does not resolve");
        }
        TableId table = tableName();
        skipPartitionClause();
        skipAlias();
        if (!atEnd() && !peekWord("WHERE", "ORDER", "LIMIT", "RETURNING", "FOR")) {
            throw new NotUnderstood("a multi-table DELETE deletes from the tables it lists through aliases, which tandem does not resolve");
        }
        return single(table);
    }

    private UpdatedTables create() throws NotUnderstood {
        if (acceptWord("OR")) {
            expectWord("REPLACE");
        }
        if (acceptWord("DATABASE") || acceptWord("SCHEMA")) {
            return UpdatedTables.shape(UpdatedTables.Shape.NO_TABLES);
        }
        skipWords("TEMPORARY");
        if (acceptWord("TABLE")) {
            skipIfExistsClause();
            return single(tableName());
        }
        skipWords("ONLINE", "OFFLINE", "UNIQUE", "FULLTEXT", "SPATIAL");
        if (acceptWord("INDEX")) {
            skipIfExistsClause();
            name(); // the index
            if (acceptWord("USING") || acceptWord("TYPE")) {
                name(); // BTREE, HASH, RTREE
            }
            expectWord("ON");
            return single(tableName());
        }
        skipViewCharacteristics();
        if (acceptWord("VIEW")) {
            skipIfExistsClause();
            return single(tableName());
        }
        throw new NotUnderstood("tandem does not work out which tables this CREATE statement updates");
    }

    private UpdatedTables alter() throws NotUnderstood {
        if (acceptWord("DATABASE") || acceptWord("SCHEMA")) {
            return UpdatedTables.shape(UpdatedTables.Shape.NO_TABLES);
        }
        skipWords("ONLINE", "IGNORE");
        if (acceptWord("TABLE")) {
            skipIfExistsClause();
            return single(tableName());
        }
        skipViewCharacteristics();
        if (acceptWord("VIEW")) {
            return single(tableName());
        }
        throw new NotUnderstood("tandem does not work out which tables this ALTER statement updates");
    }

    private UpdatedTables drop() throws NotUnderstood {
        if (acceptWord("DATABASE") || acceptWord("SCHEMA")) {
            return UpdatedTables.shape(UpdatedTables.Shape.NO_TABLES);
        }
        boolean temporary = acceptWord("TEMPORARY");
        if (acceptWord("TABLE") || acceptWord("TABLES")) {
            boolean ifExists = skipIfExistsClause();
            if (temporary && ifExists) {
                // The server always runs DROP TEMPORARY TABLE IF EXISTS on a replica, whatever the table rules
                // say, so that a filtered temporary table cannot leave a stale one behind.
                return UpdatedTables.shape(UpdatedTables.Shape.ALWAYS_EXECUTED);
            }
            return list(() -> tableName(), "WAIT", "NOWAIT", "RESTRICT", "CASCADE");
        }
        if (!temporary && acceptWord("INDEX")) {
            skipIfExistsClause();
            name(); // the index
            expectWord("ON");
            return single(tableName());
        }
        if (!temporary && acceptWord("VIEW")) {
            skipIfExistsClause();
            return list(() -> tableName(), "RESTRICT", "CASCADE");
        }
        throw new NotUnderstood("tandem does not work out which tables this DROP statement updates");
    }

    private UpdatedTables rename() throws NotUnderstood {
        if (!acceptWord("TABLE") && !acceptWord("TABLES")) {
            throw new NotUnderstood("tandem does not work out which tables this RENAME statement updates");
        }
        skipIfExistsClause();
        List<TableId> tables = new ArrayList<>();
        do {
            tables.add(tableName());
            skipWaitClause();
            expectWord("TO");
            tables.add(tableName());
        } while (acceptSymbol(','));
        requireEnd();
        return UpdatedTables.of(tables);
    }

    private UpdatedTables load() throws NotUnderstood {
        if (!acceptWord("DATA") && !acceptWord("XML")) {
            throw new NotUnderstood("tandem does not work out which tables this LOAD statement updates");
        }
        skipWords("LOW_PRIORITY", "CONCURRENT", "LOCAL");
        expectWord("INFILE");
        Token file = take();
        if (file.kind() != Kind.STRING && file.kind() != Kind.DOUBLE_QUOTED) {
            throw new NotUnderstood("LOAD DATA without a file name");
        }
        skipWords("REPLACE", "IGNORE");
        expectWord("INTO");
        expectWord("TABLE");
        return single(tableName());
    }

    // ---- pieces

    private interface NameReader {
        TableId read() throws NotUnderstood;
    }

    private UpdatedTables list(NameReader reader, String... terminators) throws NotUnderstood {
        List<TableId> tables = new ArrayList<>();
        do {
            tables.add(reader.read());
        } while (acceptSymbol(','));
        if (!atEnd() && !peekWord(terminators)) {
            throw new NotUnderstood("unexpected " + tokens.get(next).text() + " after the table list");
        }
        return UpdatedTables.of(tables);
    }

    private UpdatedTables single(TableId table) {
        return UpdatedTables.of(List.of(table));
    }

    /** {@code name} or {@code db.name}; an unqualified name is in the session's default database. */
    private TableId tableName() throws NotUnderstood {
        String first = name();
        if (acceptSymbol('.')) {
            return new TableId(first, name());
        }
        if (defaultDatabase.isEmpty()) {
            throw new NotUnderstood("table " + first + " is not qualified and the statement has no default database");
        }
        return new TableId(defaultDatabase, first);
    }

    private String name() throws NotUnderstood {
        if (atEnd() || !tokens.get(next).isName()) {
            throw new NotUnderstood(atEnd() ? "the statement ends where a name belongs"
                    : "expected a name, found " + tokens.get(next).text());
        }
        return tokens.get(next++).text();
    }

    /** {@code [AS] alias}, as long as the word is not the clause that follows. */
    private void skipAlias() throws NotUnderstood {
        if (acceptWord("AS")) {
            name();
        } else if (!atEnd() && tokens.get(next).isName()
                && !peekWord("SET", "WHERE", "ORDER", "LIMIT", "RETURNING", "FOR", "USING", "JOIN", "INNER", "LEFT",
                        "RIGHT", "CROSS", "STRAIGHT_JOIN", "NATURAL")) {
            next++;
        }
    }

    private void skipPartitionClause() throws NotUnderstood {
        if (acceptWord("PARTITION")) {
            skipParenthesised();
        }
    }

    private void skipParenthesised() throws NotUnderstood {
        if (!acceptSymbol('(')) {
            throw new NotUnderstood("expected (");
        }
        int depth = 1;
        while (depth > 0) {
            Token token = take();
            if (token.isSymbol('(')) {
                depth++;
            } else if (token.isSymbol(')')) {
                depth--;
            }
        }
    }

    /** {@code IF EXISTS} or {@code IF NOT EXISTS}; returns whether one was there. */
    private boolean skipIfExistsClause() throws NotUnderstood {
        if (!acceptWord("IF")) {
            return false;
        }
        acceptWord("NOT");
        expectWord("EXISTS");
        return true;
    }

    private void skipWaitClause() throws NotUnderstood {
        if (acceptWord("WAIT")) {
            take();
        } else {
            acceptWord("NOWAIT");
        }
    }

    /** {@code ALGORITHM = x}, {@code DEFINER = user}, {@code SQL SECURITY x} before VIEW (binlogged CREATE VIEW carries all three). */
    private void skipViewCharacteristics() throws NotUnderstood {
        while (true) {
            if (acceptWord("ALGORITHM")) {
                acceptSymbol('=');
                take();
            } else if (acceptWord("DEFINER")) {
                acceptSymbol('=');
                Token user = take();
                if (user.isWord("CURRENT_USER") || user.isWord("CURRENT_ROLE")) {
                    if (acceptSymbol('(')) {
                        expectSymbol(')');
                    }
                } else if (acceptSymbol('@')) {
                    take();
                }
            } else if (acceptWord("SQL")) {
                expectWord("SECURITY");
                take();
            } else {
                return;
            }
        }
    }

    private void skipWords(String... words) {
        while (peekWord(words)) {
            next++;
        }
    }

    private boolean peekWord(String... words) {
        if (atEnd()) {
            return false;
        }
        Token token = tokens.get(next);
        for (String word : words) {
            if (token.isWord(word)) {
                return true;
            }
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (peekWord(word)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectWord(String word) throws NotUnderstood {
        if (!acceptWord(word)) {
            throw new NotUnderstood("expected " + word + (atEnd() ? " at the end" : ", found " + tokens.get(next).text()));
        }
    }

    private boolean acceptSymbol(char symbol) {
        if (!atEnd() && tokens.get(next).isSymbol(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectSymbol(char symbol) throws NotUnderstood {
        if (!acceptSymbol(symbol)) {
            throw new NotUnderstood("expected " + symbol);
        }
    }

    private Token take() throws NotUnderstood {
        if (atEnd()) {
            throw new NotUnderstood("the statement ends too early");
        }
        return tokens.get(next++);
    }

    private void requireEnd() throws NotUnderstood {
        acceptSymbol(';');
        if (!atEnd()) {
            throw new NotUnderstood("unexpected " + tokens.get(next).text());
        }
    }

    private boolean atEnd() {
        return next >= tokens.size() || (next == tokens.size() - 1 && tokens.get(next).isSymbol(';'));
    }
}
