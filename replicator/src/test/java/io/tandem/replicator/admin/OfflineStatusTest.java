package io.tandem.replicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OfflineStatusTest {

    @Test
    void peekServerIdLiesApartFromDerivedReaderIdsAndFromSmallServerIds() {
        assertThat(OfflineStatus.defaultPeekServerId(101)).isEqualTo(3_000_000_101L);
        assertThat(OfflineStatus.defaultPeekServerId(1_234_567_890L)).isEqualTo(3_234_567_890L);
        assertThat(OfflineStatus.defaultPeekServerId(4_294_967_295L)).isLessThanOrEqualTo(4_294_967_295L);
    }

    @Test
    void peekServerIdIsNeverAnIdTheConfigurationUsesNotEvenTheChannelsOwn() {
        // A reader id chosen in the peek range maps onto itself: the peek would disconnect the running channel.
        assertThat(OfflineStatus.defaultPeekServerId(3_000_000_101L, Set.of(3_000_000_101L, 3_000_000_102L)))
                .isEqualTo(3_000_000_103L);
        assertThat(OfflineStatus.defaultPeekServerId(101, Set.of(101L, 102L))).isEqualTo(3_000_000_101L);
    }
}
