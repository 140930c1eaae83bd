/**
 * Harness for live interoperability tests against the real Linux-HA heartbeat 3.0.6 (protocol doc §13, "Live
 * interoperability"). {@link io.tandem.heartbeat.interop.TwoHostNetwork} makes the captures' two machines as
 * network namespaces joined by a veth pair; {@link io.tandem.heartbeat.interop.RealHeartbeatNode} runs the Debian
 * daemon as one of them in its own mount and UTS namespace; {@link io.tandem.heartbeat.interop.HaCfSettings}
 * renders the ha.cf, authkeys and haresources both sides read. A tandem node takes the other host's place to test
 * pairing, failover, failback and loss.
 */
package io.tandem.heartbeat.interop;
