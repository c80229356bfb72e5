package io.stele.net;

/** A callback registered with a {@link Scheduler}, which may still be cancelled. */
@FunctionalInterface
public interface Scheduled {
  /** Stops the callback from running if it has not run yet; harmless otherwise. */
  void cancel();
}
