package io.stele.core.clock;

/** A clock that moves only when told to: for tests and the simulator. */
public final class ManualClock implements Clock {
  private long now;

  public ManualClock(long start) {
    this.now = start;
  }

  @Override
  public long millis() {
    return now;
  }

  public void advance(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("time does not run backwards: " + millis);
    }
    now += millis;
  }

  public void set(long millis) {
    now = millis;
  }
}
