/**
 * DRBD orchestration as a failover resource. Not built yet: see issue 6.
 * This module exists so the reactor shows the architecture; it holds no code and claims no feature.
 */
package io.tandem.drbd;
