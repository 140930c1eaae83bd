package io.tandem.drbd.flow;

import io.tandem.drbd.status.DiskState;

/**
 * The connect handshake's decision (DRBD notes, section 6.2; the kernel's {@code drbd_uuid_compare}), reduced to the
 * rows of the notes' table. Pure: the model applies the decision, including the after-split-brain policies and
 * {@code --discard-my-data}.
 */
final class Handshake {

    sealed interface Decision permits BothJustCreated, NoSync, Sync, SplitBrain, Unrelated {}

    /** Both metadata fresh: no sync; the first sync is started by hand ({@code primary --force}). */
    record BothJustCreated() implements Decision {}

    /** Same generation on both sides: nothing to copy. */
    record NoSync() implements Decision {}

    /** {@code source} becomes SyncSource; {@code full} copies every block instead of the bitmap's. */
    record Sync(String source, boolean full) implements Decision {}

    /** Both sides started a generation from the same bitmap UUID while apart. */
    record SplitBrain() implements Decision {}

    /** The tuples share no generation: {@code Unrelated data, aborting!}. */
    record Unrelated() implements Decision {}

    private Handshake() {}

    static Decision decide(String a, GenerationIds ga, DiskState da, String b, GenerationIds gb, DiskState db) {
        Decision byUuids = byGenerations(a, ga, b, gb);
        // An Inconsistent side always becomes the target (an interrupted resync, a fresh disk against data).
        boolean aInconsistent = da == DiskState.INCONSISTENT;
        boolean bInconsistent = db == DiskState.INCONSISTENT;
        if (aInconsistent != bInconsistent && !(byUuids instanceof SplitBrain) && !(byUuids instanceof Unrelated)) {
            String source = aInconsistent ? b : a;
            boolean full = byUuids instanceof Sync sync && sync.full();
            return new Sync(source, full);
        }
        return byUuids;
    }

    private static Decision byGenerations(String a, GenerationIds ga, String b, GenerationIds gb) {
        boolean aEmpty = ga.isJustCreated() || ga.current() == 0;
        boolean bEmpty = gb.isJustCreated() || gb.current() == 0;
        if (aEmpty && bEmpty) {
            return new BothJustCreated();
        }
        if (aEmpty) {
            return new Sync(b, true);
        }
        if (bEmpty) {
            return new Sync(a, true);
        }
        if (ga.current() == gb.current()) {
            return new NoSync();
        }
        if (ga.bitmap() != 0 && ga.bitmap() == gb.current()) {
            return new Sync(a, false);
        }
        if (gb.bitmap() != 0 && gb.bitmap() == ga.current()) {
            return new Sync(b, false);
        }
        if (ga.bitmap() != 0 && ga.bitmap() == gb.bitmap()) {
            return new SplitBrain();
        }
        if (gb.hasInHistory(ga.current())) {
            return new Sync(b, true);
        }
        if (ga.hasInHistory(gb.current())) {
            return new Sync(a, true);
        }
        return new Unrelated();
    }
}
