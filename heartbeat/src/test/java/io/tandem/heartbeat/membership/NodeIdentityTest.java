package io.tandem.heartbeat.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

    @TempDir
    Path state;

    @Test
    void generationRisesAtEveryStartAndTheUuidStays() throws IOException {
        InstantSource frozen = InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000L));
        NodeIdentity first = NodeIdentity.startRun(state, frozen);
        NodeIdentity second = NodeIdentity.startRun(state, frozen);
        NodeIdentity third = NodeIdentity.startRun(state, frozen);

        assertThat(first.generation()).isEqualTo(1_800_000_000L);
        assertThat(second.generation()).isEqualTo(1_800_000_001L);
        assertThat(third.generation()).isEqualTo(1_800_000_002L);
        assertThat(second.uuid()).isEqualTo(first.uuid());
        assertThat(third.generationHex()).isEqualTo("6b49d202");
        assertThat(Files.readAllBytes(state.resolve(NodeIdentity.UUID_FILE))).isEqualTo(first.uuidBytes());
    }

    @Test
    void aClockAheadOfTheStoredGenerationWins() throws IOException {
        Files.writeString(state.resolve(NodeIdentity.GENERATION_FILE), "1000\n");
        NodeIdentity identity = NodeIdentity.startRun(state, InstantSource.fixed(Instant.ofEpochSecond(5000)));
        assertThat(identity.generation()).isEqualTo(5000);
        assertThat(Files.readString(state.resolve(NodeIdentity.GENERATION_FILE)).trim()).isEqualTo("5000");
    }

    @Test
    void aClockBehindTheStoredGenerationStillRises() throws IOException {
        Files.writeString(state.resolve(NodeIdentity.GENERATION_FILE), "9000\n");
        NodeIdentity identity = NodeIdentity.startRun(state, InstantSource.fixed(Instant.ofEpochSecond(5000)));
        assertThat(identity.generation()).isEqualTo(9001);
    }

    @Test
    void aDamagedFileIsRefusedNotReplaced() throws IOException {
        Files.writeString(state.resolve(NodeIdentity.GENERATION_FILE), "garbage");
        assertThatThrownBy(() -> NodeIdentity.startRun(state, InstantSource.system()))
                .isInstanceOf(IOException.class).hasMessageContaining("garbage").hasMessageContaining("replay");
        Files.delete(state.resolve(NodeIdentity.GENERATION_FILE));
        Files.write(state.resolve(NodeIdentity.UUID_FILE), new byte[5]);
        assertThatThrownBy(() -> NodeIdentity.startRun(state, InstantSource.system()))
                .isInstanceOf(IOException.class).hasMessageContaining("5 bytes");
    }
}
