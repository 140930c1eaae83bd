/**
 * The failover daemon, wire-compatible with Linux-HA heartbeat 3.0.6. Not built yet: see issue 5.
 * This module exists so the reactor shows the architecture; it holds no code and claims no feature.
 */
package io.tandem.heartbeat;
