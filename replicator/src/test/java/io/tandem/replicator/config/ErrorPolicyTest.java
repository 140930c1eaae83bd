package io.tandem.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {

    @Test
    void strictSkipsNothing() {
        assertThat(ErrorPolicy.STRICT.shouldSkip(1062)).isFalse();
        assertThat(ErrorPolicy.STRICT.shouldSkip(1146)).isFalse();
        assertThat(ErrorPolicy.STRICT.skipErrorsSetting()).isEqualTo("OFF");
    }

    @Test
    void skipsOnlyTheListedCodes() {
        ErrorPolicy policy = new ErrorPolicy(false, Set.of(1062, 1032), ExecMode.STRICT);
        assertThat(policy.shouldSkip(1062)).isTrue();
        assertThat(policy.shouldSkip(1032)).isTrue();
        assertThat(policy.shouldSkip(1146)).isFalse();
        assertThat(policy.toString()).isEqualTo("slave-skip-errors=1032,1062, slave-exec-mode=STRICT");
    }

    @Test
    void ddlExistErrorsAreTheTenCodesMariaDbDefines() {
        ErrorPolicy policy = new ErrorPolicy(false, ErrorPolicy.DDL_EXIST_ERRORS, ExecMode.STRICT);
        for (int code : new int[] {1007, 1008, 1050, 1051, 1054, 1060, 1061, 1068, 1094, 1146}) {
            assertThat(policy.shouldSkip(code)).as("code %d", code).isTrue();
        }
        assertThat(policy.shouldSkip(1062)).isFalse();
        assertThat(ErrorPolicy.DDL_EXIST_ERRORS).hasSize(10);
    }

    @Test
    void allSkipsEveryEventErrorButNeverARetriableOne() {
        ErrorPolicy all = new ErrorPolicy(true, Set.of(), ExecMode.STRICT);
        assertThat(all.shouldSkip(1062)).isTrue();
        assertThat(all.shouldSkip(1146)).isTrue();
        // Skipping these would drop a transaction that a retry would have applied.
        assertThat(all.shouldSkip(1213)).isFalse();
        assertThat(all.shouldSkip(1205)).isFalse();
        assertThat(all.shouldSkip(2013)).isFalse();
        assertThat(all.shouldSkip(1927)).isFalse();
        assertThat(new ErrorPolicy(false, Set.of(1213), ExecMode.STRICT).shouldSkip(1213)).isFalse();
    }

    @Test
    void idempotentModeToleratesDuplicateAndMissingRowsOnly() {
        ErrorPolicy idempotent = new ErrorPolicy(false, Set.of(), ExecMode.IDEMPOTENT);
        assertThat(idempotent.toleratesRowError(1062)).isTrue();
        assertThat(idempotent.toleratesRowError(1032)).isTrue();
        assertThat(idempotent.toleratesRowError(1146)).isFalse();
        assertThat(ErrorPolicy.STRICT.toleratesRowError(1062)).isFalse();
        assertThat(idempotent.isIdempotent()).isTrue();
    }

    @Test
    void refusesAllTogetherWithCodes() {
        assertThatThrownBy(() -> new ErrorPolicy(true, Set.of(1062), ExecMode.STRICT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
