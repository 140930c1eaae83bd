package io.tandem.heartbeat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LsbStatusTest {

    @ParameterizedTest(name = "exit {0}, \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | ''                                      | RUNNING
            0 | mysqld is running                       | RUNNING
            0 | 'MariaDB is stopped..'                  | RUNNING
            0 | heartbeat is not running                | STOPPED
            3 | ''                                      | STOPPED
            3 | running (Primary)                       | STOPPED
            7 | 'INFO: IPaddr Resource is stopped'      | STOPPED
            4 | 'cannot determine status, may be running (Unknown)' | RUNNING
            1 | 'INFO:  Running OK'                     | RUNNING
            1 | 'drbd driver loaded OK; device status:' | RUNNING
            1 | 'Apache is Not  Running'                | STOPPED
            1 | ''                                      | STOPPED
            2 | ''                                      | STOPPED
            4 | ''                                      | FAILED
            150 | 'usage: x {start|stop|status}'        | FAILED
            """)
    void readsLsbCodesFirstAndHeartbeatsTextWhereTheySayNothing(int exit, String stdout, ActionOutcome expected) {
        assertThat(LsbStatus.interpret(exit, stdout)).isEqualTo(expected);
    }
}
