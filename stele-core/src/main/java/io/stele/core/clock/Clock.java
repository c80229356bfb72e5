package io.stele.core.clock;

/**
 * The only source of time in Stele's cores, in milliseconds since the Unix epoch. Production binds
 * {@link SystemClock}; the simulator binds a clock it advances itself.
 */
public interface Clock {
  long millis();
}
