package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tandem command as a user runs it, with real servers where it needs them. */
class CommandLineIT {

    private record Run(int exitCode, String out, String err) {}

    private static Run tandem(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new TandemCommand()).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void demoReplicatesBothWaysAndReportsConvergence() {
        Run run = tandem("demo", "--transactions", "60");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("CONVERGED: both servers hold the same data.")
                .contains("db1-to-db2").contains("db2-to-db1").contains("rows:     db1 120, db2 120");
    }

    @Test
    void badConfigurationExitsTwoListingEveryProblemWithPasswordsMasked(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, """
                [server db1]
                host = 127.0.0.1
                user = tandem
                password = sekrit-123
                replicate-ignore-db = mysql,information_schema

                [channel c]
                source = db1
                target = db9
                """);
        Run run = tandem("check", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("problems; replicator did not start").contains("db9")
                .doesNotContain("sekrit-123");
    }

    @Test
    void unreachableServerExitsThree(@TempDir Path directory) throws Exception {
        int closedPort;
        int otherClosedPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
            otherClosedPort = other.getLocalPort();
        }
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, """
                [server db1]
                host = 127.0.0.1
                port = %d
                user = tandem
                password = sekrit-123
                [server db2]
                host = 127.0.0.1
                port = %d
                user = tandem
                password = sekrit-123
                [channel db1-to-db2]
                source = db1
                target = db2
                """.formatted(closedPort, otherClosedPort));
        Run run = tandem("check", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("127.0.0.1:" + closedPort).doesNotContain("sekrit-123");
    }
}
