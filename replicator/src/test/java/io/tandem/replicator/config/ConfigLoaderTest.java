package io.tandem.replicator.config;

import io.tandem.common.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.FilterRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String ORIGIN = "conf/test.cnf";

    private static final String SERVERS = """
            [server db1]
            host = 10.10.10.20
            user = tandem
            password = pw
            server-id = 1

            [server db2]
            host = 10.10.10.21
            user = tandem
            password = pw
            server-id = 2
            """;

    private static final String CHANNELS = """
            [channel db1-to-db2]
            source = db1
            target = db2

            [channel db2-to-db1]
            source = db2
            target = db1
            """;

    static ReplicatorConfig load(String text) throws InvalidConfigurationException {
        return ConfigLoader.parse(text, ORIGIN);
    }

    /** The problems of a configuration that must be refused. */
    static List<String> problems(String text) {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> load(text));
        assertThat(e).as("configuration should be refused").isNotNull();
        return e.problems();
    }

    @Test
    void loadsTheExampleForTheSeedsPairAsValid() throws Exception {
        ReplicatorConfig config = ConfigLoader.load(Path.of("..", "conf", "tandem.cnf"));

        assertThat(config.warnings()).isEmpty();
        assertThat(config.name()).isEqualTo("felix-pair");
        assertThat(config.loopPrevention()).isEqualTo(LoopPrevention.SERVER_ID);
        assertThat(config.metadataSchema()).isEqualTo("tandem");
        assertThat(config.servers().keySet()).containsExactly("db1", "db2");
        ServerConfig db1 = config.server("db1");
        assertThat(db1.address()).isEqualTo("10.10.10.20:3306");
        assertThat(db1.password().reveal()).isEqualTo("change-me");
        assertThat(db1.expected().serverId()).isEqualTo(OptionalLong.of(1));
        assertThat(db1.expected().autoIncrementIncrement()).isEqualTo(OptionalLong.of(2));
        assertThat(db1.expected().autoIncrementOffset()).isEqualTo(OptionalLong.of(1));
        assertThat(db1.expected().logBin()).contains("mysql-bin");
        assertThat(db1.expected().logSlaveUpdates()).contains(true);
        assertThat(db1.expected().syncBinlog()).isEqualTo(OptionalLong.of(1));
        assertThat(db1.expected().binlogDoDb()).containsExactly("felix");
        assertThat(db1.expected().binlogIgnoreDb()).containsExactly("mysql");
        assertThat(config.server("db2").address()).isEqualTo("10.10.10.21:3306");
        assertThat(config.server("db2").expected().autoIncrementOffset()).isEqualTo(OptionalLong.of(2));

        assertThat(config.channels()).extracting(ChannelConfig::name).containsExactly("db1-to-db2", "db2-to-db1");
        ChannelConfig forward = config.channel("db1-to-db2").orElseThrow();
        assertThat(forward.direction()).isEqualTo("db1→db2");
        assertThat(forward.readerServerId()).isEqualTo(101);
        assertThat(forward.filters().replicateDoDb()).containsExactly("felix");
        assertThat(forward.filters().replicateIgnoreDb()).isEmpty();
        assertThat(forward.errors()).isEqualTo(ErrorPolicy.STRICT);
        assertThat(forward.start()).isEqualTo(StartPosition.CURRENT);
        assertThat(forward.heartbeatPeriod()).isEqualTo(Duration.ofSeconds(2));
        ChannelConfig backward = config.channel("db2-to-db1").orElseThrow();
        assertThat(backward.source()).isEqualTo("db2");
        assertThat(backward.filters().replicateDoDb()).containsExactly("felix");
    }

    @Nested
    class ProblemReport {

        @Test
        void followsTheHouseFormatWithOneIndentedLinePerProblem() {
            String text = "[replicator]\nname = ok\n[server db1]\nhost = h\nuser = u\nport = 33o6\n"
                    + "[channel c]\nsource = db1\ntarget = db1\n";
            InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> load(text));
            assertThat(e.getMessage()).isEqualTo("""
                    conf/test.cnf has 2 problems; replicator did not start:
                      conf/test.cnf:6: [server db1] port = "33o6": must be a whole number from 1 to 65535
                      conf/test.cnf:9: [channel c] source and target are both db1: a channel replicates from one server to another""");
        }

        @Test
        void saysProblemInTheSingular() {
            InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                    () -> load(SERVERS + CHANNELS + "[replicator]\nnmae = x\n"));
            assertThat(e.getMessage()).startsWith("conf/test.cnf has 1 problem; replicator did not start:\n  ");
        }

        @Test
        void listsEveryProblemAtOnce() {
            List<String> problems = problems("""
                    [replicator]
                    loop-prevention = gtid
                    heartbeat-period = 2
                    [server db1]
                    host = a
                    user = u
                    port = 0
                    [channel x]
                    source = db1
                    target = db9
                    start = nowhere
                    slave-exec-mode = LOOSE
                    """);
            assertThat(problems).hasSize(6);
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("conf/test.cnf:2: [replicator] loop-prevention = \"gtid\": must be server-id or marker"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(":3: [replicator] heartbeat-period = \"2\": must be a duration with a unit"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(":7: [server db1] port = \"0\""));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(":10: [channel x] target = \"db9\": no [server db9] section"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(":11: [channel x] start = \"nowhere\": must be current, earliest"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(":12: [channel x] slave-exec-mode = \"LOOSE\": must be STRICT or IDEMPOTENT"));
        }

        @Test
        void groupsCommitsOneWayAndTwoWay() throws Exception {
            String twoWay = SERVERS + CHANNELS.replace("target = db2", "target = db2\ntransactions-per-commit = 16");
            assertThat(load(twoWay).channels()).anySatisfy(channel -> assertThat(channel.transactionsPerCommit()).isEqualTo(16));
            String oneWay = SERVERS + "[channel db1-to-db2]\nsource = db1\ntarget = db2\ntransactions-per-commit = 16\n";
            assertThat(load(oneWay).channels().getFirst().transactionsPerCommit()).isEqualTo(16);
        }

        @Test
        void namesFileLineAndKeyOfAnUnknownSettingAndSuggestsTheNearOne() {
            assertThat(problems(SERVERS + CHANNELS + "[channel db1-to-db2]\n").toString()).contains("declared twice");
            List<String> problems = problems(SERVERS + CHANNELS.replace("target = db2", "target = db2\nreplicate-ignroe-db = mysql"));
            assertThat(problems).containsExactly("conf/test.cnf:15: [channel db1-to-db2] replicate-ignroe-db: unknown"
                    + " setting; did you mean replicate-ignore-db?");
        }

        @Test
        void refusesUnknownSectionsAndExplainsMyCnfGroups() {
            List<String> problems = problems(SERVERS + CHANNELS + "[chanel x]\nsource = db1\n[mysqld]\nserver-id=1\n");
            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).contains("[chanel x]: unknown section; did you mean channel?");
            assertThat(problems.get(1)).contains("[mysqld]: this is tandem's own file, not my.cnf");
        }

        @Test
        void refusesASectionWithoutNameAndLinesOutsideSections() {
            List<String> problems = problems("orphan = 1\n" + SERVERS + CHANNELS + "[server]\nhost = x\n");
            assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo(
                    "conf/test.cnf:1: orphan: outside any section; put it under [replicator], [server NAME] or [channel NAME]"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("[server]: a server section needs a name, like [server db1]"));
        }

        @Test
        void neverPrintsThePassword() {
            String secret = "Sup3r#Secret";
            String text = SERVERS.replace("password = pw", "password = \"" + secret + "\"")
                    + CHANNELS.replace("target = db2", "target = db2\npassword = \"" + secret + "\"")
                    + "[server db3]\nhost = x\npassword = \"" + secret + "\"\npassword = \"" + secret + "\"\n";
            InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () -> load(text));
            assertThat(e.getMessage()).contains("password").doesNotContain(secret).doesNotContain("Sup3r");
        }

        @Test
        void reportsAMissingFileByItsPath(@TempDir Path directory) {
            Path missing = directory.resolve("nope.cnf");
            assertThatThrownBy(() -> ConfigLoader.load(missing))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith(missing + " has 1 problem; replicator did not start:\n  no such file");
        }

        @Test
        void loadsAFileFromDisk(@TempDir Path directory) throws Exception {
            Path file = directory.resolve("tandem.cnf");
            Files.writeString(file, SERVERS + CHANNELS);
            assertThat(ConfigLoader.load(file).origin()).isEqualTo(file.toString());
        }
    }

    @Nested
    class MyCnfSyntax {

        @Test
        void readsCommentsQuotesEscapesAndInterchangeableDashes() throws Exception {
            ReplicatorConfig config = load("""
                    # a comment
                    ; another comment
                    [replicator]
                    Replicate_Do_DB = felix   # trailing comment, as in the seed
                    replicate-wild-ignore-table = felix.tmp\\_%
                    [server db1]
                    host=10.10.10.20
                    user = tandem
                    password = "has # and ; inside"
                    [server db2]
                      host = 10.10.10.21
                    user = 'o\\'brien'
                    [channel c1]
                    source = db1
                    target = db2
                    """);
            assertThat(config.server("db1").password().reveal()).isEqualTo("has # and ; inside");
            assertThat(config.server("db2").user()).isEqualTo("o'brien");
            FilterRules filters = config.channels().getFirst().filters();
            assertThat(filters.replicateDoDb()).containsExactly("felix");
            assertThat(filters.replicateWildIgnoreTable()).containsExactly("felix.tmp\\_%");
        }

        @Test
        void readsWindowsLineEndingsAndAByteOrderMark() throws Exception {
            String text = "\uFEFF" + (SERVERS + CHANNELS).replace("\n", "\r\n");
            ReplicatorConfig config = load(text);
            assertThat(config.server("db1").host()).isEqualTo("10.10.10.20");
            assertThat(config.server("db2").password().reveal()).isEqualTo("pw");
        }

        @Test
        void aBareKeyIsOnForFlagsAndNeedsAValueOtherwise() throws Exception {
            ReplicatorConfig config = load(SERVERS.replace("server-id = 1", "server-id = 1\nlog-slave-updates\nlog-bin")
                    + CHANNELS);
            assertThat(config.server("db1").expected().logSlaveUpdates()).contains(true);
            assertThat(config.server("db1").expected().logBin()).contains("");
            assertThat(problems(SERVERS.replace("server-id = 1", "port") + CHANNELS))
                    .containsExactly("conf/test.cnf:5: [server db1] port: needs a value: must be a whole number from 1 to 65535");
        }

        @Test
        void repeatedListKeysAccumulateAndRepeatedSingleKeysAreRefused() throws Exception {
            ReplicatorConfig config = load(SERVERS + CHANNELS + """
                    [replicator]
                    replicate-do-db = a
                    replicate_do_db = b
                    """);
            assertThat(config.channels().getFirst().filters().replicateDoDb()).containsExactly("a", "b");
            assertThat(problems(SERVERS.replace("host = 10.10.10.20", "host = 10.10.10.20\nhost = 10.10.10.22") + CHANNELS))
                    .containsExactly("conf/test.cnf:3: [server db1] host is set twice (also at line 2); keep one");
        }

        @Test
        void refusesAnUnclosedQuoteAndIncludes() {
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nname = \"open\n!include /etc/x.cnf\n"))
                    .containsExactly(
                            "conf/test.cnf:20: name: the value's \" quote is not closed",
                            "conf/test.cnf:21: !include: tandem does not follow includes; put every setting in this file");
        }
    }

    @Nested
    class SeedLinesPasted {

        /** The replication lines of the seed's [mysqld] section for db1, verbatim, comments included. */
        private static final String SEED_MYSQLD = """
                    server-id=1
                    log-bin=mysql-bin
                    binlog-do-db=felix #需要记录二进制日志的数据库.如果有多个数据库可用逗号分隔,或者使用多个binlog-do-db选项
                    binlog-ignore-db=mysql #不需要记录进制日志的数据库.如果有多个数据库可用逗号分隔,或者使用多个binlog-ignore-db项
                    #需要同步的数据库
                    replicate-do-db=felix #需要进行同步的数据库.如果有多个数据库可用逗号分隔,或者使用多个binlog-do-db选项
                    replicate-ignore-db=mysql,information_schema #不需要同步的数据库.如果有多个数据库可用逗号分隔,或者使用多binlog-do-db选项
                    #同步参数:
                    #保证slave挂在任何一台master上都会接收到另一个master的写入信息
                    log-slave-updates
                    sync_binlog=1
                    auto_increment_offset=1
                    auto_increment_increment=2
                    slave-skip-errors=all #过滤掉一些没啥大问题的错误
                """;

        @Test
        void areUnderstoodInAChannelSection() {
            List<String> problems = problems(SERVERS + "[channel db1-to-db2]\nsource = db1\ntarget = db2\n" + SEED_MYSQLD);
            String serverAdvice = "is a setting of the server itself, not of a channel: put it under [server NAME]";
            assertThat(problems).containsExactly(
                    "conf/test.cnf:15: [channel db1-to-db2] server-id: " + serverAdvice
                            + ", where tandem checks it against the live server (it is set in that server's my.cnf)",
                    "conf/test.cnf:16: [channel db1-to-db2] log-bin: " + serverAdvice
                            + ", where tandem checks it against the live server (it is set in that server's my.cnf)",
                    "conf/test.cnf:21: [channel db1-to-db2] replicate-ignore-db = \"mysql,information_schema\": one"
                            + " database per line. MySQL reads this as ONE database literally named"
                            + " \"mysql,information_schema\" (a comma is part of the name), so mysql would not be matched"
                            + " at all; tandem refuses it. Write one line per database: replicate-ignore-db = mysql, then"
                            + " replicate-ignore-db = information_schema",
                    "conf/test.cnf:24: [channel db1-to-db2] log-slave-updates: " + serverAdvice
                            + ", where tandem checks it against the live server (it is set in that server's my.cnf)",
                    "conf/test.cnf:25: [channel db1-to-db2] sync_binlog: " + serverAdvice
                            + ", where tandem checks it against the live server (it is set in that server's my.cnf)",
                    "conf/test.cnf:26: [channel db1-to-db2] auto_increment_offset: " + serverAdvice
                            + ", where tandem checks it against the live server (it is set in that server's my.cnf)",
                    "conf/test.cnf:27: [channel db1-to-db2] auto_increment_increment: " + serverAdvice
                            + ", where tandem checks it against the live server (it is set in that server's my.cnf)");
        }

        @Test
        void areUnderstoodInTheReplicatorSectionToo() {
            List<String> problems = problems(SERVERS + CHANNELS + "[replicator]\n" + SEED_MYSQLD);
            assertThat(problems).hasSize(7);
            assertThat(problems).allSatisfy(p -> assertThat(p).contains("[replicator]"));
        }

        @Test
        void theFilterLinesMeanWhatTheyMeantOnceTheTrapIsFixed() throws Exception {
            String fixed = SEED_MYSQLD.lines()
                    .filter(line -> line.contains("replicate-") || line.contains("binlog-") || line.contains("slave-skip"))
                    .map(line -> line.replace("mysql,information_schema", "mysql"))
                    .reduce("", (a, b) -> a + b + "\n");
            ReplicatorConfig config = load(SERVERS + CHANNELS + "[replicator]\n" + fixed);
            ChannelConfig channel = config.channels().getFirst();
            assertThat(channel.filters().binlogDoDb()).containsExactly("felix");
            assertThat(channel.filters().binlogIgnoreDb()).containsExactly("mysql");
            assertThat(channel.filters().replicateDoDb()).containsExactly("felix");
            assertThat(channel.filters().replicateIgnoreDb()).containsExactly("mysql");
            assertThat(channel.errors().skipAll()).isTrue();
            assertThat(config.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("[replicator] slave-skip-errors = all: accepted, but it silently lets the servers drift apart")
                    .contains("tandem records every skip"));
            assertThat(config.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("[channel db1-to-db2] replicate-ignore-db [mysql] has no effect: replicate-do-db is set"));
            assertThat(config.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("binlog-ignore-db [mysql] has no effect: binlog-do-db is set"));
        }

        @Test
        void serverSectionsTakeTheServerLinesButNotTheChannelOnes() {
            List<String> problems = problems("[server db1]\nhost = h\nuser = u\n" + SEED_MYSQLD + CHANNELS
                    + "[server db2]\nhost = h2\nuser = u\n");
            String advice = ": is a channel setting: put it under [channel NAME], or under [replicator] as a default"
                    + " for every channel";
            assertThat(problems).containsExactly(
                    "conf/test.cnf:9: [server db1] replicate-do-db" + advice,
                    "conf/test.cnf:10: [server db1] replicate-ignore-db" + advice,
                    "conf/test.cnf:17: [server db1] slave-skip-errors" + advice);
        }
    }

    @Nested
    class CommaTrap {

        @Test
        void refusesACommaInEveryDatabaseOption() {
            for (String option : List.of("replicate-do-db", "replicate-ignore-db", "binlog-do-db", "binlog-ignore-db")) {
                assertThat(problems(SERVERS + CHANNELS + "[replicator]\n" + option + " = a,b\n"))
                        .singleElement().asString()
                        .contains(option + " = \"a,b\": one database per line")
                        .contains("ONE database literally named \"a,b\"")
                        .contains(option + " = a, then " + option + " = b");
            }
        }

        @Test
        void refusesACommaInTableOptions() {
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nreplicate-do-table = felix.a,felix.b\n"))
                    .singleElement().asString().contains("one table per line")
                    .contains("replicate-do-table = felix.a, then replicate-do-table = felix.b");
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nreplicate-wild-do-table = felix.%,x.%\n"))
                    .singleElement().asString().contains("one pattern per line");
        }

        @Test
        void refusesItInServerExpectationsToo() {
            assertThat(problems(SERVERS.replace("server-id = 2", "server-id = 2\nbinlog-do-db = felix,shop") + CHANNELS))
                    .singleElement().asString().contains("[server db2] binlog-do-db = \"felix,shop\": one database per line");
        }

        @Test
        void readsTablesAndPatterns() throws Exception {
            ReplicatorConfig config = load(SERVERS + CHANNELS + """
                    [replicator]
                    replicate-do-table = felix.orders
                    replicate-ignore-table = felix.audit.log
                    replicate-wild-do-table = felix.%
                    """);
            FilterRules filters = config.channels().getFirst().filters();
            assertThat(filters.replicateDoTable()).containsExactly(new TableId("felix", "orders"));
            // Split at the first dot, as the server does.
            assertThat(filters.replicateIgnoreTable()).containsExactly(new TableId("felix", "audit.log"));
            assertThat(filters.replicateWildDoTable()).containsExactly("felix.%");
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nreplicate-do-table = orders\n"))
                    .singleElement().asString().contains("must be db.table");
        }
    }

    @Nested
    class ChannelValues {

        @Test
        void channelsTakeDefaultsFromTheReplicatorSectionAndTheirOwnValuesReplaceThem() throws Exception {
            ReplicatorConfig config = load(SERVERS + """
                    [replicator]
                    replicate-do-db = felix
                    heartbeat-period = 500ms
                    slave-exec-mode = idempotent
                    [channel db1-to-db2]
                    source = db1
                    target = db2
                    replicate-do-db = shop
                    heartbeat-period = 5s
                    [channel db2-to-db1]
                    source = db2
                    target = db1
                    """);
            ChannelConfig forward = config.channel("db1-to-db2").orElseThrow();
            ChannelConfig backward = config.channel("db2-to-db1").orElseThrow();
            assertThat(forward.filters().replicateDoDb()).containsExactly("shop");
            assertThat(forward.heartbeatPeriod()).isEqualTo(Duration.ofSeconds(5));
            assertThat(backward.filters().replicateDoDb()).containsExactly("felix");
            assertThat(backward.heartbeatPeriod()).isEqualTo(Duration.ofMillis(500));
            assertThat(forward.errors().execMode()).isEqualTo(ExecMode.IDEMPOTENT);
        }

        @Test
        void readsEveryStartPosition() throws Exception {
            assertThat(startOf("earliest")).isEqualTo(StartPosition.EARLIEST);
            assertThat(startOf("CURRENT")).isEqualTo(StartPosition.CURRENT);
            assertThat(startOf("mysql-bin.000006:106"))
                    .isEqualTo(new StartPosition.AtBinlogPosition(new BinlogPosition("mysql-bin.000006", 106)));
            assertThat(startOf("gtid:1-1-100,2-2-57"))
                    .isEqualTo(new StartPosition.AtGtidPosition(GtidPosition.parse("1-1-100,2-2-57")));
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nstart = mysql-bin.000006:2\n"))
                    .singleElement().asString().contains("a binlog position is at least 4");
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nstart = gtid:1-x-3\n"))
                    .singleElement().asString().contains("gtid:DOMAIN-SERVER-SEQUENCE");
        }

        private StartPosition startOf(String value) throws Exception {
            return load(SERVERS + CHANNELS + "[replicator]\nstart = " + value + "\n").channels().getFirst().start();
        }

        @Test
        void refusesAPortWrittenIntoTheHostButTakesIpv6Addresses() throws Exception {
            assertThat(problems(SERVERS.replace("host = 10.10.10.20", "host = 10.10.10.20:3307") + CHANNELS))
                    .containsExactly("conf/test.cnf:2: [server db1] host = \"10.10.10.20:3307\": must be a host name or"
                            + " IP address without the port; write port = 3307 on its own line");
            ReplicatorConfig config = load(SERVERS.replace("host = 10.10.10.20", "host = fd00::20") + CHANNELS);
            assertThat(config.server("db1").address()).isEqualTo("[fd00::20]:3306");
        }

        @Test
        void readsHeartbeatDurationsWithUnitsWithinBounds() throws Exception {
            assertThat(load(SERVERS + CHANNELS + "[replicator]\nheartbeat-period = 1m\n").channels().getFirst()
                    .heartbeatPeriod()).isEqualTo(Duration.ofMinutes(1));
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nheartbeat-period = 10ms\n"))
                    .singleElement().asString().contains("from 100ms to 1h");
        }

        @Test
        void readsSkipErrorsUnderEveryNameAndExpandsDdlExistErrors() throws Exception {
            for (String key : List.of("slave-skip-errors", "slave_skip_errors", "replica-skip-errors")) {
                ErrorPolicy errors = load(SERVERS + CHANNELS + "[replicator]\n" + key + " = ddl_exist_errors,1062\n")
                        .channels().getFirst().errors();
                assertThat(errors.skippedCodes()).containsExactly(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1062, 1068,
                        1094, 1146);
            }
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nslave-skip-errors = all,1062\n"))
                    .singleElement().asString().contains("all stands alone");
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nslave-skip-errors = 10x62\n"))
                    .singleElement().asString().contains("\"10x62\" is not an error code");
        }

        @Test
        void readsIgnoreServerIdsAsCommaListsUnderBothNames() throws Exception {
            ReplicatorConfig config = load(SERVERS + CHANNELS + "[replicator]\nignore-server-ids = 7, 8\n"
                    + "replicate-ignore-server-ids = (9)\n");
            assertThat(config.channels().getFirst().ignoreServerIds()).containsExactly(7L, 8L, 9L);
        }

        @Test
        void acceptsOverridableCheckNamesAndRefusesOthersWithTheReason() throws Exception {
            ReplicatorConfig config = load(SERVERS + CHANNELS + "[replicator]\nallow = binlog-format, binlog_row_image\n");
            assertThat(config.channels().getFirst().allowedCheckOverrides())
                    .containsExactlyInAnyOrder("binlog-format", "binlog-row-image");
            assertThat(config.channels().getFirst().allows(StartupCheck.BINLOG_FORMAT)).isTrue();
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nallow = binlog-fromat\n"))
                    .singleElement().asString().contains("no startup check is named binlog-fromat; did you mean binlog-format?");
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nallow = log-bin-compress\n"))
                    .singleElement().asString().contains("log-bin-compress cannot be overridden: the binlog library silently drops compressed events");
        }

        @Test
        void perChannelKeysCannotBeDefaults() {
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nreader-server-id = 5\nsource = db1\n"))
                    .containsExactly(
                            "conf/test.cnf:20: [replicator] reader-server-id: set it in each [channel NAME]; every channel needs its own",
                            "conf/test.cnf:21: [replicator] source: set it in each [channel NAME]; every channel needs its own");
        }

        @Test
        void instanceAndConnectionKeysAreRefusedInChannelsWithAdvice() {
            List<String> problems = problems(SERVERS + CHANNELS.replace("target = db1", "target = db1\nhost = x\nmetadata-schema = m\nrelay-log = r"));
            assertThat(problems).containsExactly(
                    "conf/test.cnf:19: [channel db2-to-db1] host: belongs to [server NAME]; a channel names its servers with source = NAME and target = NAME",
                    "conf/test.cnf:20: [channel db2-to-db1] metadata-schema: is an instance setting: put it under [replicator]",
                    "conf/test.cnf:21: [channel db2-to-db1] relay-log: is a mysqld option, not a tandem setting; tandem keeps no relay log");
        }

        @Test
        void derivesDistinctStableReaderServerIds() throws Exception {
            ReplicatorConfig first = load(SERVERS + CHANNELS);
            ReplicatorConfig again = load(SERVERS + CHANNELS);
            long forward = first.channel("db1-to-db2").orElseThrow().readerServerId();
            long backward = first.channel("db2-to-db1").orElseThrow().readerServerId();
            assertThat(forward).isNotEqualTo(backward).isBetween(1_000_000_000L, 1_999_999_999L);
            assertThat(again.channel("db1-to-db2").orElseThrow().readerServerId()).isEqualTo(forward);
            ReplicatorConfig renamed = load("[replicator]\nname = other\n" + SERVERS + CHANNELS);
            assertThat(renamed.channel("db1-to-db2").orElseThrow().readerServerId()).isNotEqualTo(forward);
        }
    }

    @Nested
    class CrossFieldValidation {

        @Test
        void requiresAtLeastOneChannelAndTheRequiredKeys() {
            assertThat(problems(SERVERS)).containsExactly("no [channel NAME] section: nothing to replicate (the seed's"
                    + " pair needs two, db1-to-db2 and db2-to-db1)");
            assertThat(problems("[server db1]\nport = 3306\n[channel c]\nsource = db1\n")).containsExactly(
                    "conf/test.cnf:1: [server db1] host is not set: the server's host name or IP address (host = 10.10.10.20)",
                    "conf/test.cnf:1: [server db1] user is not set: the user tandem connects as (user = tandem)",
                    "conf/test.cnf:3: [channel c] target is not set: the server this channel applies to (target = db2)");
        }

        @Test
        void refusesUnknownServersWithASuggestion() {
            assertThat(problems(SERVERS + CHANNELS.replace("source = db2", "source = bd2")))
                    .containsExactly("conf/test.cnf:17: [channel db2-to-db1] source = \"bd2\": no [server bd2] section;"
                            + " did you mean db2?; servers: db1, db2");
        }

        @Test
        void refusesTwoChannelsForOneDirection() {
            assertThat(problems(SERVERS + CHANNELS + "[channel again]\nsource = db1\ntarget = db2\n"))
                    .containsExactly("conf/test.cnf:19: [channel again] replicates db1 → db2 like [channel db1-to-db2]:"
                            + " at most one channel per direction, or every change is applied twice");
        }

        @Test
        void refusesReaderServerIdsThatAreSharedOrAreAServersId() {
            List<String> problems = problems(SERVERS + CHANNELS.replace("target = db2", "target = db2\nreader-server-id = 50")
                    .replace("target = db1", "target = db1\nreader-server-id = 50")
                    + "[server db3]\nhost = h\nuser = u\nserver-id = 50\n");
            assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo("conf/test.cnf:15: [channel db1-to-db2]"
                    + " reader-server-id = 50 is the server-id of [server db3]: the source would take tandem for that"
                    + " server; choose an id no server uses"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("[channel db2-to-db1] reader-server-id = 50 is"
                    + " also the reader-server-id of [channel db1-to-db2]"));
        }

        @Test
        void refusesTwoServersExpectingTheSameServerId() {
            assertThat(problems(SERVERS.replace("server-id = 2", "server-id = 1") + CHANNELS))
                    .containsExactly("conf/test.cnf:11: [server db2] server-id = 1 is also the server-id of [server db1]:"
                            + " every server needs its own, or loop prevention drops one server's changes on the other");
        }

        @Test
        void refusesIgnoringTheSourcesOwnServerId() {
            assertThat(problems(SERVERS + CHANNELS.replace("target = db2", "target = db2\nignore-server-ids = 1,7")))
                    .singleElement().asString().contains("ignore-server-ids contains 1, the server-id of its source db1");
        }

        @Test
        void refusesReplicatingTheMetadataSchemaExplicitly() {
            // A [replicator] default reaches both channels, and each is told.
            assertThat(problems(SERVERS + CHANNELS + "[replicator]\nreplicate-do-db = tandem\n"))
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(p).contains("replicate-do-db = tandem: that is tandem's metadata schema,"
                            + " which is never replicated"));
        }

        @Test
        void warnsAboutAServerNoChannelUses() throws Exception {
            ReplicatorConfig config = load(SERVERS + CHANNELS + "[server spare]\nhost = h\nuser = u\n");
            assertThat(config.warnings()).containsExactly(
                    "conf/test.cnf:19: [server spare] is not used by any channel; the startup checks skip it");
        }
    }

    @Nested
    class Builder {

        @Test
        void buildsTheSameConfigurationAsTheFile() throws Exception {
            ReplicatorConfig built = ReplicatorConfig.builder()
                    .server("db1", s -> s.set("host", "10.10.10.20").set("user", "tandem").set("password", Secret.of("pw"))
                            .set("server-id", 1))
                    .server("db2", s -> s.set("host", "10.10.10.21").set("user", "tandem").set("password", "pw")
                            .set("server-id", 2))
                    .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2"))
                    .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1"))
                    .build();
            ReplicatorConfig loaded = load(SERVERS + CHANNELS);
            assertThat(built.servers()).isEqualTo(loaded.servers());
            assertThat(built.channels()).isEqualTo(loaded.channels());
        }

        @Test
        void validatesLikeTheFileWithoutLineNumbers() {
            InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, () ->
                    ReplicatorConfig.builder()
                            .origin("demo configuration")
                            .set("replicate-ignore-db", "mysql,information_schema")
                            .set("heartbeat-period", Duration.ofMillis(10))
                            .server("db1", s -> s.set("host", "h").set("user", "u").flag("log-slave-updates"))
                            .channel("c", c -> c.set("source", "db1").set("target", "db2").set("replicate-do-db", List.of("a", "b")))
                            .build());
            assertThat(e.getMessage()).startsWith("demo configuration has 3 problems; replicator did not start:\n"
                    + "  [replicator] replicate-ignore-db = \"mysql,information_schema\": one database per line");
            assertThat(e.problems()).contains("[replicator] heartbeat-period = \"10ms\": must be a duration with a unit"
                    + " (ms, s, m, h), like 2s or 500ms, from 100ms to 1h");
            assertThat(e.problems()).contains("[channel c] target = \"db2\": no [server db2] section; did you mean db1?; servers: db1");
        }
    }
}
