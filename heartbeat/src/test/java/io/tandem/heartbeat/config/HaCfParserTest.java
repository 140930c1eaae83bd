package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HaCfParserTest {

    /** The smallest ha.cf heartbeat starts with, apart from auto_failback, which avoids the legacy warning. */
    private static final String MINIMAL = """
            node alpha beta
            ucast eth1 10.0.0.2
            auto_failback on
            """;

    private final Problems problems = new Problems(HaCfParser.FILE);

    private HaConfig parse(String text) {
        return HaCfParser.parse(text, "alpha", problems);
    }

    private static Inet4Address ip(String text) {
        return Ipv4.parse(text).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------ the fixtures

    @Test
    void readsNode1OfTheCapturesAsHeartbeatDid() {
        HaConfig ha = HaCfParser.parse(Fixtures.text("ha.cf.node1"), "wshuttle-test1", problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.nodes()).containsExactly("wshuttle-test1", "wshuttle-test2");
        assertThat(ha.media()).containsExactly(new Medium.Ucast("eth1", ip("10.10.10.21")));
        assertThat(ha.udpPort()).isEqualTo(694);
        assertThat(ha.timing()).isEqualTo(new HeartbeatTiming(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(5)));
        assertThat(ha.autoFailback()).isEqualTo(AutoFailback.ON);
        assertThat(ha.logging().logfile()).contains("/var/log/ha-log");
        assertThat(ha.logging().debugfile()).contains("/var/log/ha-debug");
        assertThat(ha.logging().facility()).contains("none");
        assertThat(ha.logging().useLogd()).isFalse();
        assertThat(ha.otherDirectives()).containsEntry("crm", List.of("no"));
        // initdead 8 is below both heartbeat's 10 s and twice deadtime; one path and no ping node.
        assertThat(problems.warnings()).extracting(ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(tuple(7, "initdead"), tuple(0, ""));
    }

    @Test
    void readsNode2WithItsOwnPeer() {
        HaConfig ha = HaCfParser.parse(Fixtures.text("ha.cf.node2"), "wshuttle-test2", problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.media()).containsExactly(new Medium.Ucast("eth1", ip("10.10.10.20")));
        assertThat(ha.hasNode("WSHUTTLE-TEST2")).isTrue();
    }

    @Test
    void readsTheSeedHowtoUnchangedAndWarnsAboutItsIpfailPath() {
        HaConfig ha = HaCfParser.parse(Fixtures.text("seed-ha.cf"), "wshuttle-test1", problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.nodes()).containsExactly("wshuttle-test1", "wshuttle-test2");
        assertThat(ha.timing()).isEqualTo(new HeartbeatTiming(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertThat(ha.media()).containsExactly(new Medium.Ucast("eth1", ip("10.10.10.21")));
        assertThat(ha.logging().facility()).contains("local0");
        assertThat(ha.autoFailback()).isEqualTo(AutoFailback.ON);
        assertThat(ha.pingTargets()).as("the ping line is commented out").isEmpty();
        assertThat(ha.respawnClients()).containsExactly(new RespawnClient("hacluster", "/usr/lib/heartbeat/ipfail"));
        assertThat(problems.warnings()).anySatisfy(warning -> {
            assertThat(warning.line()).isEqualTo(14);
            assertThat(warning.directive()).isEqualTo("respawn");
            assertThat(warning.message()).contains("/usr/libexec/heartbeat/ipfail");
        });
    }

    // ------------------------------------------------------------------------------------------ defaults

    @Test
    void appliesHeartbeatsDefaults() {
        HaConfig ha = parse("node alpha beta\nucast eth1 10.0.0.2\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.timing()).isEqualTo(new HeartbeatTiming(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(ha.udpPort()).isEqualTo(694);
        assertThat(ha.autoFailback()).isEqualTo(AutoFailback.LEGACY);
        assertThat(ha.baud()).isEqualTo(19200);
        assertThat(ha.hopfudge()).isEqualTo(1);
        assertThat(ha.messageFormat()).isEqualTo(MessageFormat.CLASSIC);
        assertThat(ha.uuidSource()).isEqualTo(UuidSource.FILE);
        assertThat(ha.realtime()).isTrue();
        assertThat(ha.coredumps()).isTrue();
        assertThat(ha.maxRexmitDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(ha.compression()).isEqualTo(new CompressionSettings(Optional.empty(), 2, false));
        assertThat(ha.logging()).isEqualTo(new LogSettings(Optional.empty(), Optional.empty(), Optional.empty(), true, 0,
                Duration.ofSeconds(60)));
        assertThat(problems.warnings()).anySatisfy(warning -> {
            assertThat(warning.directive()).isEqualTo("auto_failback");
            assertThat(warning.message()).contains("legacy");
        });
    }

    @ParameterizedTest(name = "deadtime {0} gives initdead {1}")
    @CsvSource({"3, 12", "5, 12", "6, 12", "8, 16", "10, 20", "10.5, 10.5", "30, 30"})
    void defaultsInitdeadFromDeadtimeAsHeartbeatDoes(String deadtime, String initdead) {
        HaConfig ha = parse(MINIMAL + "deadtime " + deadtime + "\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.timing().initdead()).isEqualTo(HeartbeatTime.parse(initdead));
    }

    @Test
    void defaultsWarntimeToHalfTheDeadtimeAndDeadpingToTheDeadtime() {
        HaConfig ha = parse(MINIMAL + "deadtime 5\n");

        assertThat(ha.timing().warntime()).isEqualTo(Duration.ofMillis(2500));
        assertThat(ha.timing().deadping()).isEqualTo(Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------------------------------ every directive

    @Test
    void readsEveryDirective() {
        HaConfig ha = parse("""
                cluster         prod
                udpport         7694
                baud            38400
                keepalive       500ms
                deadtime        2.5
                warntime        1500ms
                initdead        20
                deadping        4
                node            alpha, beta
                node            Gamma
                ucast           eth1 10.0.0.2
                bcast           eth2 eth3
                mcast           eth4 239.192.0.1 7694 1 0
                serial          /dev/ttyS0
                ping            10.0.0.254 10.0.0.253
                ping_group      routers 10.0.1.1 10.0.1.2
                auto_failback   off
                respawn         hacluster /usr/libexec/heartbeat/ipfail -v
                apiauth         ipfail uid=hacluster
                apiauth         ping gid=haclient uid=alanr,root
                logfile         /var/log/ha-log
                debugfile       /var/log/ha-debug
                logfacility     local7
                use_logd        yes
                debug           2
                crm             off
                compression     bz2
                compression_threshold 8
                traditional_compression no
                coredumps       false
                coreroot        /var/lib/heartbeat/cores
                conn_logd_time  30
                realtime        off
                rtprio          5
                hopfudge        2
                msgfmt          netstring
                autojoin        none
                uuidfrom        nodename
                hbgenmethod     file
                max_rexmit_delay 500
                env             FOO=bar
                memreserve      6500
                log_badpack     true
                stonith_host    *  baytech 10.0.0.3 admin hunter2
                watchdog        /dev/watchdog
                """);

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.nodes()).containsExactly("alpha", "beta", "gamma");
        assertThat(ha.udpPort()).isEqualTo(7694);
        assertThat(ha.baud()).isEqualTo(38400);
        assertThat(ha.timing()).isEqualTo(new HeartbeatTiming(Duration.ofMillis(500), Duration.ofMillis(2500),
                Duration.ofMillis(1500), Duration.ofSeconds(20), Duration.ofSeconds(4)));
        assertThat(ha.media()).containsExactly(
                new Medium.Ucast("eth1", ip("10.0.0.2")),
                new Medium.Bcast("eth2"),
                new Medium.Bcast("eth3"),
                new Medium.Mcast("eth4", ip("239.192.0.1"), 7694, 1, false),
                new Medium.Serial("/dev/ttyS0"));
        assertThat(ha.pingTargets()).containsExactly(
                new PingTarget.Node(ip("10.0.0.254")),
                new PingTarget.Node(ip("10.0.0.253")),
                new PingTarget.Group("routers", List.of(ip("10.0.1.1"), ip("10.0.1.2"))));
        assertThat(ha.pingTargets()).extracting(PingTarget::name).containsExactly("10.0.0.254", "10.0.0.253", "routers");
        assertThat(ha.autoFailback()).isEqualTo(AutoFailback.OFF);
        assertThat(ha.respawnClients()).singleElement().satisfies(client -> {
            assertThat(client.user()).isEqualTo("hacluster");
            assertThat(client.program()).isEqualTo("/usr/libexec/heartbeat/ipfail");
            assertThat(client.command()).isEqualTo("/usr/libexec/heartbeat/ipfail -v");
        });
        assertThat(ha.apiAuthorizations()).containsExactly(
                new ApiAuthorization("ipfail", List.of("hacluster"), List.of()),
                new ApiAuthorization("ping", List.of("alanr", "root"), List.of("haclient")));
        assertThat(ha.logging()).isEqualTo(new LogSettings(Optional.of("/var/log/ha-log"), Optional.of("/var/log/ha-debug"),
                Optional.of("local7"), true, 2, Duration.ofSeconds(30)));
        assertThat(ha.compression()).isEqualTo(new CompressionSettings(Optional.of("bz2"), 8, false));
        assertThat(ha.coredumps()).isFalse();
        assertThat(ha.realtime()).isFalse();
        assertThat(ha.hopfudge()).isEqualTo(2);
        assertThat(ha.messageFormat()).isEqualTo(MessageFormat.NETSTRING);
        assertThat(ha.uuidSource()).isEqualTo(UuidSource.NODENAME);
        assertThat(ha.maxRexmitDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(ha.stonith()).singleElement().satisfies(stonith -> {
            assertThat(stonith.directive()).isEqualTo("stonith_host");
            assertThat(stonith.arguments().reveal()).isEqualTo("*  baytech 10.0.0.3 admin hunter2");
        });
        assertThat(ha.otherDirectives()).containsEntry("cluster", List.of("prod"))
                .containsEntry("crm", List.of("off"))
                .containsEntry("coreroot", List.of("/var/lib/heartbeat/cores"))
                .containsEntry("rtprio", List.of("5"))
                .containsEntry("autojoin", List.of("none"))
                .containsEntry("hbgenmethod", List.of("file"))
                .containsEntry("env", List.of("FOO=bar"))
                .containsEntry("memreserve", List.of("6500"))
                .containsEntry("log_badpack", List.of("true"))
                .containsEntry("watchdog", List.of("/dev/watchdog"));
        assertThat(problems.warnings()).extracting(ConfigProblem::directive)
                .contains("serial", "stonith_host", "watchdog")
                .doesNotContain("auto_failback", "udpport", "");
    }

    @Test
    void neverShowsStonithParametersInToStringOrMessages() {
        HaConfig ha = parse(MINIMAL + "stonith_host * baytech 10.0.0.3 admin hunter2\nstonith_host\n");

        assertThat(ha.toString()).doesNotContain("hunter2").contains(Secret.MASK);
        assertThat(problems.errors()).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(5));
        assertThat(problems.errors()).allSatisfy(problem -> assertThat(problem.toString()).doesNotContain("hunter2"));
        assertThat(problems.warnings()).allSatisfy(problem -> assertThat(problem.toString()).doesNotContain("hunter2"));
    }

    @Test
    void readsSeveralNodesPerLineAndSeveralLinesInLowerCase() {
        HaConfig ha = parse("node Alpha,beta\tgamma\nnode delta\nucast eth1 10.0.0.2\nauto_failback on\n");

        assertThat(ha.nodes()).containsExactly("alpha", "beta", "gamma", "delta");
        assertThat(problems.errors()).isEmpty();
    }

    @Test
    void warnsAboutANodeListedTwice() {
        HaConfig ha = parse(MINIMAL + "node beta\n");

        assertThat(ha.nodes()).containsExactly("alpha", "beta");
        assertThat(problems.warnings()).anySatisfy(warning -> {
            assertThat(warning.line()).isEqualTo(4);
            assertThat(warning.message()).contains("beta is already listed on line 1");
        });
    }

    @Test
    void readsTheOldUdpDirectiveAsBcastWithAWarning() {
        HaConfig ha = parse("node alpha beta\nudp eth0\nauto_failback on\n");

        assertThat(ha.media()).containsExactly(new Medium.Bcast("eth0"));
        assertThat(problems.warnings()).anySatisfy(warning -> assertThat(warning.message()).contains("write bcast"));
    }

    // ------------------------------------------------------------------------------------------ time syntax

    @Test
    void acceptsSubSecondTimers() {
        HaConfig ha = parse(MINIMAL + "keepalive 200ms\ndeadtime 0.9\nwarntime 0.5\ninitdead 30\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.timing().keepalive()).isEqualTo(Duration.ofMillis(200));
        assertThat(ha.timing().deadtime()).isEqualTo(Duration.ofMillis(900));
        assertThat(ha.timing().warntime()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesThirtySWithTheAcceptedForms() {
        parse(MINIMAL + "deadtime 30s\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.directive()).isEqualTo("deadtime");
            assertThat(problem.message()).contains("\"30s\"", "no unit \"s\"", "plain number", "500ms");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"keepalive 0", "keepalive 100us", "warntime 0"})
    void refusesTimersThatRoundToZero(String line) {
        parse(MINIMAL + line + "\n");

        assertThat(problems.errors()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("must be more than 0"));
    }

    // ------------------------------------------------------------------------------------------ heartbeat's rules

    @Test
    void refusesADeadtimeNotAboveTwiceTheKeepalive() {
        parse(MINIMAL + "keepalive 2\ndeadtime 4\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.directive()).isEqualTo("deadtime");
            assertThat(problem.message()).contains("deadtime (4 s) must be more than twice keepalive (2 s)");
        });
    }

    @Test
    void refusesAnInitdeadBelowTheDeadtime() {
        parse(MINIMAL + "deadtime 30\ninitdead 20\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.message()).contains("initdead (20 s) must be at least deadtime (30 s)");
        });
    }

    @Test
    void warnsWhenInitdeadIsShorterThanTwiceTheDeadtime() {
        parse(MINIMAL + "deadtime 30\ninitdead 40\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).anySatisfy(warning -> {
            assertThat(warning.line()).isEqualTo(5);
            assertThat(warning.message()).contains("twice deadtime (60 s)");
        });
    }

    @Test
    void refusesAnExplicitDeadpingNotAboveTwiceTheKeepalive() {
        parse(MINIMAL + "keepalive 1\ndeadping 2\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.directive()).isEqualTo("deadping");
            assertThat(problem.message()).contains("more than twice keepalive (1 s)");
        });
    }

    @ParameterizedTest(name = "warntime {0}")
    @CsvSource({"30, not below deadtime", "40, not below deadtime", "1, not above keepalive", "0.5, not above keepalive"})
    void warnsAboutAWarntimeOutsideKeepaliveAndDeadtime(String warntime, String expected) {
        parse(MINIMAL + "keepalive 1\ndeadtime 30\nwarntime " + warntime + "\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).anySatisfy(warning -> {
            assertThat(warning.directive()).isEqualTo("warntime");
            assertThat(warning.message()).contains(expected);
        });
    }

    @Test
    void refusesAFileWithoutMedia() {
        parse("node alpha beta\nauto_failback on\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isZero();
            assertThat(problem.message()).contains("no heartbeat medium", "ucast <dev> <peer-ip>");
        });
    }

    @Test
    void refusesSerialAsTheOnlyMediumBecauseTandemSpeaksUdpOnly() {
        parse("node alpha beta\nserial /dev/ttyS0\nauto_failback on\n");

        assertThat(problems.errors()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("only serial media"));
    }

    @Test
    void refusesAConfigurationThatDoesNotListThisNode() {
        parse("node beta gamma\nucast eth1 10.0.0.2\nauto_failback on\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.directive()).isEqualTo("node");
            assertThat(problem.message()).contains("this node, alpha, is not listed (listed: beta, gamma)");
        });
    }

    @Test
    void refusesAConfigurationWithoutNodes() {
        parse("ucast eth1 10.0.0.2\nauto_failback on\n");

        assertThat(problems.errors()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("no node is listed"));
    }

    @Test
    void refusesUseLogdOffWhenNothingElseLogs() {
        parse(MINIMAL + "use_logd off\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).contains("nothing would be logged");
        });
    }

    // ------------------------------------------------------------------------------------------ modes

    @ParameterizedTest
    @ValueSource(strings = {"no", "off", "false", "OFF", "n", "0"})
    void acceptsCrmOff(String value) {
        parse(MINIMAL + "crm " + value + "\n");

        assertThat(problems.errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm yes", "crm respawn", "crm on", "pacemaker respawn", "crm minimal"})
    void refusesPacemakerModesAsR1Only(String line) {
        parse(MINIMAL + line + "\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).contains("R1 mode only", "crm off");
        });
    }

    @Test
    void refusesCrmAndPacemakerTogether() {
        parse(MINIMAL + "crm no\npacemaker no\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.message()).contains("already set on line 4");
        });
    }

    @ParameterizedTest(name = "auto_failback {0}")
    @CsvSource({"on, ON", "yes, ON", "true, ON", "off, OFF", "No, OFF", "legacy, LEGACY", "LEGACY, LEGACY"})
    void readsAutoFailback(String value, AutoFailback expected) {
        HaConfig ha = parse("node alpha beta\nucast eth1 10.0.0.2\nauto_failback " + value + "\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.autoFailback()).isEqualTo(expected);
    }

    @Test
    void warnsThatLegacyIsDeprecatedAndThatIpfailRefusesIt() {
        parse("node alpha beta\nucast eth1 10.0.0.2\nauto_failback legacy\n"
                + "respawn hacluster /usr/libexec/heartbeat/ipfail\n");

        assertThat(problems.warnings()).extracting(ConfigProblem::line, ConfigProblem::directive)
                .contains(tuple(3, "auto_failback"), tuple(4, "respawn"));
    }

    @Test
    void refusesNiceFailbackAndAutojoin() {
        parse(MINIMAL + "nice_failback on\nautojoin any\n");

        assertThat(problems.errors()).extracting(ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(tuple(4, "nice_failback"), tuple(5, "autojoin"));
    }

    // ------------------------------------------------------------------------------------------ media and clients

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ucast eth1                         | takes an interface and the peer's IPv4 address",
        "ucast eth1 peer.example.com        | never a host name",
        "ucast eth1 10.0.0.256              | not an IPv4 address",
        "ucast eth1/2 10.0.0.2              | not an interface name",
        "mcast eth1 10.0.0.1 694 1 0        | not a multicast group",
        "mcast eth1 239.0.0.1 694 0 0       | ttl",
        "mcast eth1 239.0.0.1 70000 1 0     | port",
        "mcast eth1 239.0.0.1 694 1 2       | loop",
        "mcast eth1 239.0.0.1 694           | takes five values",
        "ucast6 eth1 fe80::1                | IPv4 only",
        "ping peer.example.com              | never a host name",
        "ping_group routers                 | takes a name and at least one address",
        "respawn hacluster ipfail           | absolute path",
        "respawn hacluster                  | takes a user and a program",
        "apiauth ipfail                     | needs uid= or gid=",
        "apiauth ipfail user=hacluster      | neither uid=... nor gid=...",
        "apiauth ipfail uid=a uid=b         | twice",
        "udpport 0                          | port number from 1 to 65535",
        "baud 12345                         | not a serial speed",
        "logfacility local9                 | not a syslog facility",
        "msgfmt Netstring                   | not classic or netstring",
        "uuidfrom uuid                      | not file or nodename",
        "realtime maybe                     | is not one of on, off",
        "debug 300                          | from 0 to 255",
        "max_rexmit_delay 250ms             | milliseconds, without a unit",
        "logfile ha-log                     | absolute path",
        "env FOO                            | not NAME=value",
    })
    void refusesMalformedValuesWithTheAcceptedForm(String line, String expected) {
        parse(MINIMAL + line + "\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).contains(expected);
        });
    }

    @Test
    void refusesTheSamePingNodeTwiceAndAPingGroupNamedLikeANode() {
        parse(MINIMAL + "ping 10.0.0.254\nping 10.0.0.254\nping_group beta 10.0.1.1\n");

        assertThat(problems.errors()).extracting(ConfigProblem::line).containsExactly(5, 6);
        assertThat(problems.errors().get(1).message()).contains("both a cluster node and a ping node");
    }

    @Test
    void refusesTheSameApiClientTwice() {
        parse(MINIMAL + "apiauth ipfail uid=hacluster\napiauth ipfail gid=haclient\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.message()).contains("authorized twice");
        });
    }

    // ------------------------------------------------------------------------------------------ tandem's choices

    @Test
    void acceptsDirectivesInAnyOrderAndWarnsWhereHeartbeatWouldNot() {
        HaConfig ha = parse("""
                ucast eth1 10.0.0.2
                node alpha beta
                auto_failback on
                udpport 7000
                """);

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.udpPort()).isEqualTo(7000);
        assertThat(problems.warnings()).anySatisfy(warning -> {
            assertThat(warning.line()).isEqualTo(4);
            assertThat(warning.directive()).isEqualTo("udpport");
            assertThat(warning.message()).contains("comes after the medium on line 1", "would use 694");
        });
    }

    @Test
    void acceptsDirectivesInAnyCaseAndWarnsThatHeartbeatWouldRefuseThem() {
        HaConfig ha = parse("NODE alpha beta\nUcast eth1 10.0.0.2\nAuto_Failback on\nKeepAlive 2\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.timing().keepalive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(problems.warnings()).filteredOn(warning -> warning.message().contains("matches directive names exactly"))
                .extracting(ConfigProblem::line).containsExactly(1, 2, 3, 4);
    }

    @Test
    void refusesUnknownDirectivesByNameWithASuggestion() {
        parse(MINIMAL + "keepalived 2\nfrobnicate yes\n");

        assertThat(problems.errors()).extracting(ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(tuple(4, "keepalived"), tuple(5, "frobnicate"));
        assertThat(problems.errors().get(0).message()).contains("unknown directive", "did you mean keepalive?");
        assertThat(problems.errors().get(1).message()).contains("unknown directive").doesNotContain("did you mean");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fence /usr/sbin/fence_ipmilan", "ping_quorum on", "tandem_fence_command /bin/true"})
    void pointsTandemSettingsToTandemCf(String line) {
        parse(MINIMAL + line + "\n");

        assertThat(problems.errors()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("tandem setting", "tandem.cf"));
    }

    @Test
    void refusesATimerSetTwiceOrGivenTwoValues() {
        parse(MINIMAL + "keepalive 1\nkeepalive 2\ndeadtime 10 20\nnode\n");

        assertThat(problems.errors()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                tuple(5, "already set on line 4; keep one of the two lines"),
                tuple(6, "takes one value, found 2: deadtime <time>; " + HeartbeatTime.ACCEPTED_FORMS),
                tuple(7, "needs at least one name: node <uname -n> ..., e.g. node alpha beta"));
    }

    @Test
    void reportsEveryProblemOfTheFileWithItsLine() {
        parse("""
                # three mistakes, far apart
                node alpha beta
                keepalive 2s
                ucast eth1 10.0.0.2
                auto_failback maybe

                crm respawn
                """);

        assertThat(problems.errors()).extracting(ConfigProblem::file, ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(tuple("ha.cf", 3, "keepalive"), tuple("ha.cf", 5, "auto_failback"), tuple("ha.cf", 7, "crm"));
        assertThat(problems.errors().get(0).toString()).startsWith("ha.cf:3: keepalive: \"2s\" is not a heartbeat time");
    }

    @Test
    void ignoresCommentsAnywhereOnALineAndCarriageReturns() {
        HaConfig ha = parse("node alpha beta # the pair\r\n  # indented comment\nucast eth1 10.0.0.2#peer\r\n"
                + "auto_failback on\r\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(ha.nodes()).containsExactly("alpha", "beta");
        assertThat(ha.media()).containsExactly(new Medium.Ucast("eth1", ip("10.0.0.2")));
    }

    @Test
    void warnsAboutASinglePathWithoutPingNodesButNotWithTwo() {
        parse(MINIMAL);
        assertThat(problems.warnings()).anySatisfy(warning -> assertThat(warning.message()).contains("split brain"));

        Problems twoPaths = new Problems(HaCfParser.FILE);
        HaCfParser.parse(MINIMAL + "ucast eth2 10.0.1.2\n", "alpha", twoPaths);
        assertThat(twoPaths.warnings()).noneSatisfy(warning -> assertThat(warning.message()).contains("split brain"));
    }
}
