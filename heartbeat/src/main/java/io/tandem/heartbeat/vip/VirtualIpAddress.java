package io.tandem.heartbeat.vip;

import io.tandem.heartbeat.config.VirtualIp;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One configured virtual IP, and the {@code ip} commands that put it on an interface, take it off, and check it.
 *
 * <p>Adding and removing are idempotent: adding an address that is already there as configured, or removing one
 * that is absent, changes nothing and succeeds. An address found somewhere else (another interface, another prefix
 * length, or twice) is a conflict, reported and left alone: it must be present exactly once.
 *
 * <p>An entry that leaves out the interface or prefix length ({@code IPaddr::10.0.0.7}) gets them as IPaddr's
 * {@code findif} does: from the most specific connected route that reaches the address, that is, the interface
 * that already has an address in the same subnet.
 *
 * <p>Every method runs {@code ip} and blocks; {@code timeout} bounds the whole call, all commands included. Call it
 * off the daemon's event loop. Not synchronised: the caller runs one operation per address at a time.
 */
public final class VirtualIpAddress {

    private final VirtualIp spec;
    private final IpCommand ip;

    public VirtualIpAddress(VirtualIp spec, CommandRunner runner) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.ip = new IpCommand(Objects.requireNonNull(runner, "runner"));
    }

    /** The configured address. */
    public VirtualIp spec() {
        return spec;
    }

    /**
     * Where {@link #add} puts the address: the configured interface and prefix length, or those of the connected
     * route that reaches it.
     *
     * @throws NoConnectedRouteException if something is left out and no connected route reaches the address
     */
    public InterfaceAddress resolve(Duration timeout) throws VirtualIpException, InterruptedException {
        return resolve(Deadline.after(timeout));
    }

    /** Where the address is configured now, on any interface: normally none or one entry. */
    public List<InterfaceAddress> find(Duration timeout) throws VirtualIpException, InterruptedException {
        return find(Deadline.after(timeout));
    }

    /**
     * Whether the address is configured exactly once, on the configured interface with the configured prefix length
     * (any, for what the configuration leaves out).
     *
     * @throws AddressConflictException if it is configured, but elsewhere or more than once
     */
    public boolean isPresent(Duration timeout) throws VirtualIpException, InterruptedException {
        List<InterfaceAddress> found = find(Deadline.after(timeout));
        if (found.isEmpty()) {
            return false;
        }
        if (found.size() == 1 && matchesSpec(found.get(0))) {
            return true;
        }
        throw conflict(found);
    }

    /**
     * Adds the address unless it is already there as configured, then checks that it is present exactly once.
     *
     * @throws AddressConflictException if it is already configured elsewhere or more than once
     * @throws NoConnectedRouteException if the interface or prefix length is left out and cannot be found
     * @throws IpCommandFailedException if {@code ip} fails or runs past the time left
     */
    public AddedAddress add(Duration timeout) throws VirtualIpException, InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        List<InterfaceAddress> found = find(deadline);
        if (found.size() == 1 && matchesSpec(found.get(0))) {
            return new AddedAddress(found.get(0), false);
        }
        if (!found.isEmpty()) {
            throw conflict(found);
        }
        InterfaceAddress target = resolve(deadline);
        CommandResult added = ip.add(target, spec.broadcast(), deadline);
        List<InterfaceAddress> now = find(deadline);
        if (now.equals(List.of(target))) {
            // Also the outcome when ip failed with "Address already assigned": another caller added it meanwhile.
            return new AddedAddress(target, added.isSuccess());
        }
        if (!added.isSuccess()) {
            throw new IpCommandFailedException("cannot add " + target, added);
        }
        throw conflict(now);
    }

    /**
     * Removes the address from the configured interface (from every interface, when none is configured) and checks
     * that it is gone there.
     *
     * @return the entries removed; empty when the address was not configured
     * @throws IpCommandFailedException if {@code ip} fails and the address is still there
     */
    public List<InterfaceAddress> remove(Duration timeout) throws VirtualIpException, InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        List<InterfaceAddress> ours = find(deadline).stream().filter(this::onSpecDevice).toList();
        for (InterfaceAddress entry : ours) {
            CommandResult deleted = ip.delete(entry, deadline);
            if (!deleted.isSuccess() && find(deadline).contains(entry)) {
                throw new IpCommandFailedException("cannot remove " + entry, deleted);
            }
        }
        if (!ours.isEmpty()) {
            List<InterfaceAddress> left = find(deadline).stream().filter(this::onSpecDevice).toList();
            if (!left.isEmpty()) {
                throw new AddressConflictException(spec.address().getHostAddress() + " is still configured after"
                        + " ip addr del: " + left + ". Something re-adds it; check with: ip -4 -o addr show to "
                        + spec.address().getHostAddress() + "/32");
            }
        }
        return ours;
    }

    private InterfaceAddress resolve(Deadline deadline) throws VirtualIpException, InterruptedException {
        if (spec.prefixLength().isPresent() && spec.device().isPresent()) {
            return new InterfaceAddress(spec.device().get(), spec.address(), spec.prefixLength().getAsInt());
        }
        String address = spec.address().getHostAddress();
        String match = spec.prefixLength().isPresent() ? address + "/" + spec.prefixLength().getAsInt() : address;
        // findif keeps the most specific route (and among equals, the last one listed).
        IpCommand.ConnectedRoute best = ip.connectedRoutes(match, deadline).stream()
                .filter(route -> spec.device().isEmpty() || spec.device().get().equals(route.device()))
                .reduce((a, b) -> b.prefixLength() >= a.prefixLength() ? b : a)
                .orElseThrow(() -> new NoConnectedRouteException("no directly connected route reaches " + match
                        + spec.device().map(device -> " through " + device).orElse("")
                        + " (ip -4 route list match " + match + " scope link), so the "
                        + (spec.device().isEmpty() ? "interface" : "prefix length") + " for " + address
                        + " is unknown. Name it in haresources (e.g. IPaddr::" + address + "/24/eth0), or give the"
                        + " interface an address in that subnet first"));
        return new InterfaceAddress(spec.device().orElse(best.device()), spec.address(),
                spec.prefixLength().orElse(best.prefixLength()));
    }

    private List<InterfaceAddress> find(Deadline deadline) throws VirtualIpException, InterruptedException {
        return ip.addresses(deadline).stream().filter(entry -> entry.address().equals(spec.address()))
                .sorted(Comparator.comparing(InterfaceAddress::device)).toList();
    }

    private boolean matchesSpec(InterfaceAddress entry) {
        return onSpecDevice(entry)
                && (spec.prefixLength().isEmpty() || spec.prefixLength().getAsInt() == entry.prefixLength());
    }

    private boolean onSpecDevice(InterfaceAddress entry) {
        return spec.device().isEmpty() || spec.device().get().equals(entry.device());
    }

    private AddressConflictException conflict(List<InterfaceAddress> found) {
        String where = found.stream().map(InterfaceAddress::toString).collect(Collectors.joining(", "));
        return new AddressConflictException(spec.address().getHostAddress() + " is configured as " + where
                + ", but the resource says " + spec.toIpaddrArgument() + " (exactly once). tandem neither adds it"
                + " twice nor moves it; remove the other entry (ip -4 addr del <address/prefix> dev <interface>) or"
                + " correct haresources");
    }
}
