/**
 * The failover daemon, wire-compatible with Linux-HA heartbeat 3.0.6. Data flows one way: a receive thread
 * turns datagrams into authenticated messages, membership decides who is up, and decisions become resource
 * actions. {@code config} reads ha.cf, authkeys and haresources; {@code wire} is the netstring codec and its
 * signatures.
 */
package io.tandem.heartbeat;
