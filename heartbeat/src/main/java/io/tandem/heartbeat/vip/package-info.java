/**
 * Virtual IP addresses with {@code ip} only, never {@code ifconfig} aliases: {@link
 * io.tandem.heartbeat.vip.VirtualIpAddress} adds, removes and checks one address idempotently, finding a left-out
 * interface or prefix length as IPaddr does, and {@link io.tandem.heartbeat.vip.ArpAnnouncer} sends gratuitous ARPs
 * in the background. Every command goes through a {@link io.tandem.heartbeat.vip.CommandRunner}, which bounds it
 * with a timeout and can run it inside a network namespace.
 */
package io.tandem.heartbeat.vip;
