package io.tandem.replicator.pipeline;

import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.ReplicationFilter;
import io.tandem.replicator.filter.Verdict;

/**
 * The channel's replication filters as the filter stage asks them: for each row event and statement,
 * apply it, or skip it and say which rule decided.
 */
public interface ChangeFilter {

    /** The decision on one event. */
    record Decision(boolean apply, String rule, String stopReason) {

        public static final Decision APPLY = new Decision(true, null, null);

        public static Decision skip(String rule) {
            return new Decision(false, rule, null);
        }

        /** The filter cannot decide; the channel stops rather than guess. */
        public static Decision stop(String reason) {
            return new Decision(false, null, reason);
        }
    }

    Decision forRows(TableId table);

    Decision forStatement(StatementExecuted statement);

    /** The channel's configured filters (replicate-*, binlog-*-db) as the filter stage asks them. */
    static ChangeFilter of(ReplicationFilter filter) {
        return new ChangeFilter() {
            @Override
            public Decision forRows(TableId table) {
                return decision(filter.forRows(table));
            }

            @Override
            public Decision forStatement(StatementExecuted statement) {
                return decision(filter.forStatement(statement));
            }

            private static Decision decision(Verdict verdict) {
                if (verdict.shouldApply()) {
                    return Decision.APPLY;
                }
                return verdict.shouldStop() ? Decision.stop(verdict.reason()) : Decision.skip(verdict.rule());
            }
        };
    }

    /** No rules: everything applies (tandem's own schemas are always excluded by the channel). */
    ChangeFilter APPLY_ALL = new ChangeFilter() {
        @Override
        public Decision forRows(TableId table) {
            return Decision.APPLY;
        }

        @Override
        public Decision forStatement(StatementExecuted statement) {
            return Decision.APPLY;
        }
    };
}
