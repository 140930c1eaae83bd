package io.tandem.replicator.apply;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Connection pools for targets, with the driver settings the applier depends on.
 *
 * <p>{@code useBulkStmts=false}: MariaDB's bulk protocol answers a batch with "success, no count" per
 * statement, and the applier needs each UPDATE's and DELETE's found-rows count to notice a row that
 * is missing on the target (which the native replica reports as error 1032).
 */
public final class TargetDataSources {

    private TargetDataSources() {}

    public static HikariDataSource create(String name, String host, int port, String user, String password,
            int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl("jdbc:mariadb://" + host + ":" + port + "/");
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        // Start even when the target is down: the channel retries, as a native replica does.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("useBulkStmts", "false");
        config.addDataSourceProperty("useBulkStmtsForInserts", "false");
        config.addDataSourceProperty("connectTimeout", "5000");
        return new HikariDataSource(config);
    }
}
