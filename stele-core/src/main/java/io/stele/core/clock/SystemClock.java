package io.stele.core.clock;

/** Wall-clock time. */
public final class SystemClock implements Clock {
  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
