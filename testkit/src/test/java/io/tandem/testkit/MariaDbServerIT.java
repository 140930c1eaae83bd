package io.tandem.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbServerIT {

    @Test
    void startsWithTheSeedsReplicationSettingsAndAnEmptyBinlog(@TempDir Path logs) {
        try (MariaDbServer server = MariaDbServer.start("db1", MariaDbOptions.master(1, 2), logs)) {
            assertThat(server.queryLong("SELECT @@server_id")).isEqualTo(1);
            assertThat(server.queryLong("SELECT @@auto_increment_increment")).isEqualTo(2);
            assertThat(server.queryLong("SELECT @@auto_increment_offset")).isEqualTo(1);
            assertThat(server.queryString("SELECT @@binlog_format")).isEqualTo("ROW");
            assertThat(server.queryString("SELECT @@gtid_binlog_pos")).isEmpty();
            assertThat(server.queryRows("SHOW BINARY LOGS")).hasSize(1);
        }
    }

    @Test
    void survivesKillAndRestartKeepingCommittedData(@TempDir Path logs) throws Exception {
        try (MariaDbServer server = MariaDbServer.start("crashy", MariaDbOptions.master(7, 2), logs)) {
            server.execute("CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY)", "INSERT INTO d.t VALUES (1)");
            server.kill();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.queryLong("SELECT 1")).isInstanceOf(IllegalStateException.class);
            server.restart();
            assertThat(server.queryLong("SELECT COUNT(*) FROM d.t")).isEqualTo(1);
            int port = server.port();
            server.close();
            assertThat(Files.exists(logs.resolve("crashy-" + port + ".err"))).isTrue();
        }
    }

    @Test
    void proxyCutRefusesAndRestoreAcceptsConnections(@TempDir Path logs) throws Exception {
        try (MariaDbServer server = MariaDbServer.start("proxied", MariaDbOptions.defaults(), logs);
                TcpProxy proxy = new TcpProxy(server.host(), server.port())) {
            String url = "jdbc:mariadb://127.0.0.1:" + proxy.port() + "/?connectTimeout=2000";
            assertThat(query(url)).isEqualTo(1);
            proxy.cut();
            assertThatThrownBy(() -> query(url)).isInstanceOf(java.sql.SQLException.class);
            proxy.restore();
            assertThat(query(url)).isEqualTo(1);
        }
    }

    private static int query(String url) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(url, "root", "");
                var rows = connection.createStatement().executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
