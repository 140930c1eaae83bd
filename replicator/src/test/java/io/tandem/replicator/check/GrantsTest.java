package io.tandem.replicator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void readsGlobalPrivilegesAsMariaDbPrintsThem() {
        // Lines as MariaDB 10.11.19 printed them for a user with REPLICATION CLIENT, REPLICATION SLAVE.
        Grants grants = Grants.parse(List.of(
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `rc`@`%` IDENTIFIED BY PASSWORD '*77B4A70CEFD76DB9415F36D291E74C110D2738E0'"));
        assertThat(grants.hasGlobal("REPLICATION SLAVE")).isTrue();
        assertThat(grants.hasGlobal("BINLOG MONITOR")).isTrue();
        assertThat(grants.hasGlobal("BINLOG REPLAY")).isFalse();
        assertThat(grants.hasOnDatabase("felix", "INSERT")).isFalse();
    }

    @Test
    void treatsOldNamesAsTheirNewAliases() {
        Grants grants = Grants.parse(List.of("GRANT REPLICATION CLIENT, REPLICATION REPLICA ON *.* TO 'u'@'h'"));
        assertThat(grants.hasGlobal("BINLOG MONITOR")).isTrue();
        assertThat(grants.hasGlobal("REPLICATION SLAVE")).isTrue();
    }

    @Test
    void allPrivilegesCoversEverythingAtItsLevel() {
        Grants global = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `al`@`%` WITH GRANT OPTION"));
        assertThat(global.hasGlobal("BINLOG REPLAY")).isTrue();
        assertThat(global.hasOnDatabase("anything", "ALTER")).isTrue();
        Grants database = Grants.parse(List.of("GRANT ALL ON `felix`.* TO `u`@`%`"));
        assertThat(database.hasOnDatabase("felix", "DROP")).isTrue();
        assertThat(database.hasOnDatabase("other", "DROP")).isFalse();
        assertThat(database.hasGlobal("SELECT")).isFalse();
    }

    @Test
    void databaseGrantsArePatterns() {
        Grants grants = Grants.parse(List.of(
                "GRANT ALL PRIVILEGES ON `fel_x%`.* TO `rc`@`%`",
                "GRANT SELECT ON `my\\_db`.* TO `rc`@`%`"));
        assertThat(grants.hasOnDatabase("felix", "INSERT")).isTrue();
        assertThat(grants.hasOnDatabase("felix_archive", "INSERT")).isTrue();
        assertThat(grants.hasOnDatabase("fe", "INSERT")).isFalse();
        assertThat(grants.hasOnDatabase("my_db", "SELECT")).isTrue();
        assertThat(grants.hasOnDatabase("myxdb", "SELECT")).isFalse();
    }

    @Test
    void countsActiveRoleGrantsAndIgnoresRoleMembershipColumnsAndRoutines() {
        // As MariaDB printed them for a user whose default role is `app`.
        Grants grants = Grants.parse(List.of(
                "GRANT `app` TO `rc`@`%`",
                "GRANT USAGE ON *.* TO `rc`@`%` IDENTIFIED BY PASSWORD '*77B4'",
                "GRANT SELECT, INSERT (`id`), UPDATE ON `felix`.`t6` TO `rc`@`%`",
                "GRANT EXECUTE ON PROCEDURE `felix`.`p` TO `rc`@`%`",
                "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
                "GRANT USAGE ON *.* TO `app`",
                "GRANT SELECT, INSERT ON `felix`.* TO `app`",
                "SET DEFAULT ROLE `app` FOR `rc`@`%`"));
        assertThat(grants.hasOnDatabase("felix", "INSERT")).isTrue();
        assertThat(grants.hasOnDatabase("felix", "UPDATE")).isFalse(); // only on one table
        assertThat(grants.hasOnDatabase("felix", "EXECUTE")).isFalse();
        assertThat(grants.hasGlobal("USAGE")).isTrue();
    }

    @Test
    void isNotFooledByKeywordsInsideQuotedNames() {
        Grants grants = Grants.parse(List.of("GRANT SELECT ON `a ON b`.* TO `x TO y`@`%`"));
        assertThat(grants.hasOnDatabase("a ON b", "SELECT")).isTrue();
    }

    @Test
    void matchesLikePatterns() {
        assertThat(Grants.like("a%", "abc")).isTrue();
        assertThat(Grants.like("a_c", "abc")).isTrue();
        assertThat(Grants.like("a\\_c", "abc")).isFalse();
        assertThat(Grants.like("a\\_c", "a_c")).isTrue();
        assertThat(Grants.like("%", "")).isTrue();
        assertThat(Grants.like("abc", "abcd")).isFalse();
    }
}
