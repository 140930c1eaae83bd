/**
 * Who holds which resource group: heartbeat 3.0.6's R1 protocol for {@code auto_failback on|off} between two
 * nodes ({@code starting}, {@code resource}, {@code ask_resources}, {@code shutdone}), with tandem's fence step
 * before a dead peer's groups are taken. A state machine without I/O, fed by membership and by the results of
 * group actions.
 */
package io.tandem.heartbeat.takeover;
