package io.tandem.replicator.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnnouncedStatementsTest {

    @Test
    void laterMarkerOfTheSameChannelReplacesOrClearsItsAnnouncement() {
        AnnouncedStatements announced = AnnouncedStatements.NONE.afterMarker("a-to-b", 41, 1)
                .afterMarker("c-to-b", 7, 3);
        assertThat(announced.originOf(41)).hasValue(1);
        assertThat(announced.afterMarker("a-to-b", 42, 1).originOf(41)).isEmpty();
        assertThat(announced.afterMarker("a-to-b", 0, 1).originOf(41)).isEmpty();
        assertThat(announced.afterMarker("a-to-b", 0, 1).originOf(7)).hasValue(3);
    }

    @Test
    void seenStatementIsForgotten() {
        AnnouncedStatements announced = AnnouncedStatements.NONE.afterMarker("a-to-b", 41, 1);
        assertThat(announced.without(41)).isEqualTo(AnnouncedStatements.NONE);
        assertThat(announced.without(40)).isSameAs(announced);
    }

    @Test
    void survivesTheCheckpointColumnWithChannelNamesContainingSpaces() {
        AnnouncedStatements announced = AnnouncedStatements.NONE.afterMarker("db 1 to db2", 41, 1)
                .afterMarker("c", 4294967295L, 4294967295L);
        assertThat(AnnouncedStatements.parse(announced.encode())).isEqualTo(announced);
        assertThat(AnnouncedStatements.NONE.encode()).isNull();
        assertThat(AnnouncedStatements.parse(null)).isEqualTo(AnnouncedStatements.NONE);
    }

    @Test
    void refusesAColumnItCannotRead() {
        assertThatThrownBy(() -> AnnouncedStatements.parse("41 1")).isInstanceOf(IllegalArgumentException.class);
    }
}
