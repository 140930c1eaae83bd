package io.tandem.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowKeysTest {

    private static final TableSchema ACCOUNTS = new TableSchema(new TableId("bank", "accounts"), List.of(
            new TableSchema.Column("id", "int", false, false, 0),
            new TableSchema.Column("email", "varchar", false, false, 0),
            new TableSchema.Column("balance", "int", false, false, 0)),
            List.of(0), List.of(List.of(1)), Set.of(), true);

    @Test
    void equalKeyValuesShareAHashAndOthersDoNot() {
        assertThat(shared(insert(1, "a@example.org"), insert(1, "b@example.org"))).as("same primary key").isTrue();
        assertThat(shared(insert(1, "a@example.org"), insert(2, "a@example.org"))).as("same unique email").isTrue();
        assertThat(shared(insert(1, "a@example.org"), insert(2, "b@example.org"))).as("nothing in common").isFalse();
    }

    @Test
    void stringsTheCollationCallsEqualShareAHash() {
        // utf8mb4_general_ci and PAD SPACE: case, accents and trailing spaces do not tell values apart.
        assertThat(shared(insert(1, "Ana@Example.org"), insert(2, "ana@example.org  "))).isTrue();
        assertThat(shared(insert(1, "josé@example.org"), insert(2, "JOSE@example.org"))).isTrue();
    }

    @Test
    void anUpdateConflictsWithBothTheOldAndTheNewKey() {
        RowImages move = new RowImages(RowChange.UPDATE, List.<Object[]>of(row(1, "a@example.org")),
                List.<Object[]>of(row(7, "a@example.org")), all(), all());
        assertThat(shared(move, insert(1, "x@example.org"))).isTrue();
        assertThat(shared(move, insert(7, "y@example.org"))).isTrue();
        assertThat(shared(move, insert(8, "z@example.org"))).isFalse();
    }

    @Test
    void anImageWithoutAKeyColumnCannotBeKeyed() {
        BitSet idOnly = new BitSet();
        idOnly.set(0);
        RowImages minimal = new RowImages(RowChange.DELETE, List.<Object[]>of(row(1, null)), List.of(), idOnly, new BitSet());
        assertThat(new RowKeys().add(ACCOUNTS, minimal)).isFalse();
    }

    @Test
    void tablesWhoseLocksDoNotFollowTheirKeysAreNotForWorkers() {
        assertThat(RowKeys.keysIsolateRows(ACCOUNTS)).isTrue();
        TableSchema noKey = new TableSchema(ACCOUNTS.table(), ACCOUNTS.columns(), List.of(), List.of(), Set.of(), true);
        assertThat(RowKeys.keysIsolateRows(noKey)).isFalse();
        TableSchema triggered = new TableSchema(ACCOUNTS.table(), ACCOUNTS.columns(), List.of(0), List.of(),
                Set.of(RowChange.INSERT), true);
        assertThat(RowKeys.keysIsolateRows(triggered)).isFalse();
        TableSchema foreignKeyed = new TableSchema(ACCOUNTS.table(), ACCOUNTS.columns(), List.of(0), List.of(), Set.of(),
                false);
        assertThat(RowKeys.keysIsolateRows(foreignKeyed)).isFalse();
        // A source with fewer columns than the target cannot give the value of a key beyond them.
        assertThat(RowKeys.keysIsolateRows(ACCOUNTS.prefix(1))).isFalse();
    }

    private static boolean shared(RowImages first, RowImages second) {
        RowKeys a = new RowKeys();
        RowKeys b = new RowKeys();
        assertThat(a.add(ACCOUNTS, first)).isTrue();
        assertThat(b.add(ACCOUNTS, second)).isTrue();
        long[] left = a.hashes();
        return Arrays.stream(b.hashes()).anyMatch(hash -> Arrays.stream(left).anyMatch(other -> other == hash));
    }

    private static RowImages insert(long id, String email) {
        return new RowImages(RowChange.INSERT, List.of(), List.<Object[]>of(row(id, email)), new BitSet(), all());
    }

    private static Object[] row(long id, String email) {
        return new Object[] {id, email == null ? null : email.getBytes(StandardCharsets.UTF_8), 100L};
    }

    private static BitSet all() {
        BitSet columns = new BitSet();
        columns.set(0, 3);
        return columns;
    }
}
