package io.tandem.drbd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks: random garbage and every prefix of every fixture give a {@link ParseOutcome}, never an
 * exception. Seeds are fixed so a failure reproduces.
 */
class ParsersNeverThrowTest {

    private static final List<String> FIXTURES = List.of(
            "proc-drbd-84-ug-connected.txt", "proc-drbd-84-sync-target.txt", "proc-drbd-84-disconnected.txt",
            "drbdadm-status-84-ug-verbose-statistics.txt", "drbdadm-status-9-resync.txt",
            "drbdsetup-status-json-resync.json", "events2-9-sync.txt");
    private static final String ALPHABET = "0123456789:/ \t\n[]{}\",.%>=-abcsrotdnkKMTyvp'";

    private static void parseWithEveryParser(String text) {
        assertThat(ProcDrbdParser.parse(text)).isNotNull();
        assertThat(DrbdadmStatusParser.parse(text)).isNotNull();
        assertThat(StatusJsonParser.parse(text)).isNotNull();
        Events2State state = new Events2State();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(state.apply(lines.get(i), i + 1)).isNotNull();
        }
        assertThat(state.resources()).isNotNull();
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(20240501L);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String input = text.toString();
            assertThatCode(() -> parseWithEveryParser(input)).as(input).doesNotThrowAnyException();
        }
    }

    @Test
    void everyPrefixOfEveryFixtureNeverThrows() {
        for (String fixture : FIXTURES) {
            String text = Fixtures.read(fixture);
            for (int end = 0; end <= text.length(); end++) {
                String prefix = text.substring(0, end);
                assertThatCode(() -> parseWithEveryParser(prefix)).as(fixture + " cut at " + end)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void fixturesWithAFlippedCharacterNeverThrow() {
        Random random = new Random(7L);
        for (String fixture : FIXTURES) {
            String text = Fixtures.read(fixture);
            for (int round = 0; round < 200; round++) {
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                String mutated = new String(chars);
                assertThatCode(() -> parseWithEveryParser(mutated)).as(mutated).doesNotThrowAnyException();
            }
        }
    }
}
