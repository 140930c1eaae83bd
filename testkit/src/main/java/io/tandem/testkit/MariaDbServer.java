package io.tandem.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code mariadbd} process in a temporary data directory on a free loopback port.
 *
 * <p>The first server of a JVM runs {@code mariadb-install-db} once into a template directory and
 * creates a password-less {@code root@127.0.0.1}; every server then starts from a copy of that
 * template, which takes about a second instead of five. Binary logging is off while the template
 * is made, so every server starts with an empty binlog.
 *
 * <p>The server's error log is copied to {@code logDirectory} on {@link #close()}, so a failed test
 * leaves the log behind for whoever reads the failure.
 */
public final class MariaDbServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MariaDbServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static Path template;

    private final String name;
    private final MariaDbOptions options;
    private final Path dataDirectory;
    private final Path logDirectory;
    private final int port;
    private Process process;

    private MariaDbServer(String name, MariaDbOptions options, Path dataDirectory, Path logDirectory, int port) {
        this.name = name;
        this.options = options;
        this.dataDirectory = dataDirectory;
        this.logDirectory = logDirectory;
        this.port = port;
    }

    /** Creates a data directory from the template and starts the server; returns once it accepts queries. */
    public static MariaDbServer start(String name, MariaDbOptions options) {
        return start(name, options, Path.of("target", "mariadb-logs"));
    }

    public static MariaDbServer start(String name, MariaDbOptions options, Path logDirectory) {
        try {
            Path dataDirectory = Files.createTempDirectory("tandem-" + name + "-");
            copyTree(template(), dataDirectory);
            MariaDbServer server = new MariaDbServer(name, options, dataDirectory, logDirectory, freePort());
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public MariaDbOptions options() {
        return options;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Path errorLog() {
        return dataDirectory.resolve("error.log");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A new connection as root; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "root", "");
    }

    /** Runs statements in one connection, in order, each in autocommit. */
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as a string, or null when there is no row. */
    public String queryString(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql) {
        String value = queryString(sql);
        if (value == null) {
            throw new IllegalStateException(name + ": no row for " + sql);
        }
        return Long.parseLong(value);
    }

    /** Every row of a query, each row as a list of column strings. */
    public List<List<String>> queryRows(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** Kills the process with SIGKILL, as a power cut would: no shutdown, no flush beyond what is durable. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(STOP_TIMEOUT);
    }

    /** Stops the server cleanly (SIGTERM) and waits for it to exit. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        waitForExit(STOP_TIMEOUT);
    }

    /** Starts the server again on the same port and data directory after {@link #stop()} or {@link #kill()}. */
    public void restart() {
        if (isRunning()) {
            stop();
        }
        startProcess();
    }

    /** SIGSTOP: the server keeps its sockets but answers nothing, as a hung machine does. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        signal("CONT");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("{}: clean stop failed, killing: {}", name, e.getMessage());
            process.destroyForcibly();
        }
        keepErrorLog();
        deleteTree(dataDirectory);
        deleteTree(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-tmp"));
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of(
                "mariadbd",
                "--no-defaults",
                "--datadir=" + dataDirectory,
                "--socket=" + dataDirectory.resolve("mysqld.sock"),
                "--pid-file=" + dataDirectory.resolve("mysqld.pid"),
                "--log-error=" + errorLog(),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=" + options.bufferPoolSize(),
                "--innodb-log-file-size=48M",
                // A private tmpdir: servers started in parallel must not share temporary table files.
                "--tmpdir=" + privateTmp(dataDirectory),
                "--max-connections=300",
                "--performance-schema=OFF"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        command.addAll(options.serverArguments());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDirectory.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mariadbd (is the mariadb-server package installed?)", e);
        }
        awaitReady();
        log.info("{}: mariadbd pid {} ready on 127.0.0.1:{} (server-id {})", name, process.pid(), port,
                options.serverId());
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + ": mariadbd exited with code " + process.exitValue()
                        + " while starting; its log:\n" + tail(errorLog(), 40));
            }
            try (Connection connection = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException(name + ": mariadbd not ready after " + START_TIMEOUT + "; last error: "
                + (last == null ? "none" : last.getMessage()) + "\n" + tail(errorLog(), 40));
    }

    private void waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException(name + ": mariadbd did not stop within " + timeout + "; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while waiting for mariadbd to stop", e);
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(name + ": kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepErrorLog() {
        try {
            if (Files.exists(errorLog())) {
                Files.createDirectories(logDirectory);
                Files.copy(errorLog(), logDirectory.resolve(name + "-" + port + ".err"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("{}: cannot keep error log: {}", name, e.getMessage());
        }
    }

    /** The template is made once per JVM: install the system tables, then add root@127.0.0.1. */
    private static synchronized Path template() throws IOException {
        if (template != null) {
            return template;
        }
        Path directory = Files.createTempDirectory("tandem-mariadb-template-");
        Path installTmp = Files.createTempDirectory("tandem-mariadb-install-tmp-");
        List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults",
                "--datadir=" + directory, "--tmpdir=" + installTmp, "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        if ("root".equals(System.getProperty("user.name"))) {
            install.add("--user=root");
        }
        run(install, directory.resolve("install.log"));
        deleteTree(installTmp);
        // Start it once without binlog to create the TCP root account, so the copies start with empty binlogs.
        MariaDbServer bootstrap = new MariaDbServer("template", MariaDbOptions.defaults(), directory,
                Path.of("target", "mariadb-logs"), freePort());
        bootstrap.startProcessViaSocketBootstrap();
        deleteTree(directory.resolveSibling(directory.getFileName() + "-tmp"));
        template = directory;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(directory)));
        return directory;
    }

    private void startProcessViaSocketBootstrap() throws IOException {
        List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + dataDirectory,
                "--socket=" + dataDirectory.resolve("mysqld.sock"), "--skip-networking",
                "--tmpdir=" + privateTmp(dataDirectory),
                "--pid-file=" + dataDirectory.resolve("mysqld.pid"), "--log-error=" + errorLog()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDirectory.resolve("stdout.log").toFile()).start();
        String sql = "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';"
                + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
                + "CREATE USER IF NOT EXISTS 'root'@'::1' IDENTIFIED BY '';"
                + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'::1' WITH GRANT OPTION;";
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("template mariadbd exited; its log:\n" + tail(errorLog(), 40));
            }
            Process client = new ProcessBuilder("mariadb", "--no-defaults", "-uroot",
                    "--socket=" + dataDirectory.resolve("mysqld.sock"), "-e", sql)
                    .redirectErrorStream(true).start();
            try {
                if (client.waitFor() == 0) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("template mariadbd not ready; its log:\n" + tail(errorLog(), 40));
            }
            pause(Duration.ofMillis(100));
        }
        process.destroy();
        waitForExit(STOP_TIMEOUT);
        Files.deleteIfExists(errorLog());
        Files.deleteIfExists(dataDirectory.resolve("stdout.log"));
    }

    private static void run(List<String> command, Path output) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + tail(output, 40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A temporary directory beside the data directory, created on demand, removed with the server. */
    private static String privateTmp(Path dataDirectory) {
        Path tmp = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tmp.toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", root, e.getMessage());
        }
    }
}
