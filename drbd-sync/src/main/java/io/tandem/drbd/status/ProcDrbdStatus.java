package io.tandem.drbd.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of /proc/drbd.
 *
 * @param release the module release, such as {@code 8.4.11}
 * @param api the user/kernel API version ({@code api:1} in 8.4, {@code api:88} in 8.3.10)
 * @param protocolRange the supported wire protocol range, such as {@code 86-101}
 * @param layout which kernel wrote it
 * @param buildTag LINBIT builds' {@code GIT-hash: …} line, or an in-tree build's {@code srcversion: …}
 * @param minors every minor listed, configured or not, in order
 */
public record ProcDrbdStatus(
        String release, int api, String protocolRange, ProcDrbdLayout layout, Optional<String> buildTag,
        List<ProcDrbdMinor> minors) {

    public ProcDrbdStatus {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(protocolRange, "protocolRange");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(buildTag, "buildTag");
        minors = List.copyOf(minors);
    }

    public Optional<ProcDrbdMinor> minor(int minor) {
        return minors.stream().filter(m -> m.minor() == minor).findFirst();
    }
}
