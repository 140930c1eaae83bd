package io.tandem.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ServerErrors.Retry;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ServerErrorsTest {

    @Test
    void retriesConflictsInTheSameConnection() {
        assertThat(ServerErrors.classify(1213)).isEqualTo(Retry.TRANSACTION);
        assertThat(ServerErrors.classify(1205)).isEqualTo(Retry.TRANSACTION);
    }

    @Test
    void reconnectsAfterConnectionFailures() {
        for (int code : new int[] {1927, 2006, 2013, 2002, 2003, 1053, 1040, 1158, 1161}) {
            assertThat(ServerErrors.classify(code)).as("code %d", code).isEqualTo(Retry.RECONNECT);
        }
    }

    @Test
    void doesNotRetryDataOrSetupErrors() {
        for (int code : new int[] {1062, 1032, 1146, 1045, 1142, 1236, 1290, 1317, 1950, 0, 99999}) {
            assertThat(ServerErrors.isRetriable(code)).as("code %d", code).isFalse();
        }
    }

    @Test
    void classifiesDriverExceptionsBySqlStateAndTypeAndChain() {
        assertThat(ServerErrors.classify(new SQLNonTransientConnectionException("socket closed", "08000", 0)))
                .isEqualTo(Retry.RECONNECT);
        assertThat(ServerErrors.classify(new SQLTransientConnectionException("timeout", null, 0)))
                .isEqualTo(Retry.RECONNECT);
        assertThat(ServerErrors.classify(new SQLException("Deadlock found", "40001", 1213))).isEqualTo(Retry.TRANSACTION);
        assertThat(ServerErrors.classify(new SQLException("serialization", "40001", 0))).isEqualTo(Retry.TRANSACTION);
        SQLException chained = new SQLException("batch failed", "HY000", 0);
        chained.setNextException(new SQLException("lost", "HY000", 2013));
        assertThat(ServerErrors.classify(chained)).isEqualTo(Retry.RECONNECT);
        assertThat(ServerErrors.isRetriable(new SQLSyntaxErrorException("bad", "42000", 1064))).isFalse();
        assertThat(ServerErrors.classify(new SQLException("Duplicate entry", "23000", 1062))).isEqualTo(Retry.NONE);
    }

    /**
     * Connector/J 3.5.1 reports SQLState classes it does not know (here 3D000, "No database selected") as
     * SQLTransientConnectionException; classified by type, the deterministic error was retried forever.
     */
    @Test
    void serverErrorReportedAsTransientConnectionExceptionIsNotRetried() {
        assertThat(ServerErrors.classify(new SQLTransientConnectionException("No database selected", "3D000", 1046)))
                .isEqualTo(Retry.NONE);
        assertThat(ServerErrors.classify(new SQLTransientConnectionException("check failed", "44000", 4025)))
                .isEqualTo(Retry.NONE);
    }

    @Test
    void namesCodesForLogs() {
        assertThat(ServerErrors.describe(1213)).isEqualTo("1213 ER_LOCK_DEADLOCK");
        assertThat(ServerErrors.describe(12345)).isEqualTo("error 12345");
    }
}
