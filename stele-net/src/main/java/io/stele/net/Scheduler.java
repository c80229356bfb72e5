package io.stele.net;

import io.stele.core.clock.Clock;

/**
 * Timers for a node, on the same thread that runs its message handler, so a consensus engine sees
 * messages and timeouts one at a time and needs no locks. The real-time implementation runs on the
 * transport's inbound thread; the simulated one on the simulated clock.
 */
public interface Scheduler extends Clock {
  /** Runs {@code task} once, {@code delayMillis} from now (zero or more). */
  Scheduled schedule(long delayMillis, Runnable task);
}
