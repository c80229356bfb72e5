package io.stele.workflow.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A state's timeout: an ISO-8601 duration with a date part (years, months, weeks, days) and/or a
 * time part, for example {@code P1D}, {@code PT30M} or {@code P1Y2M3DT4H}. Months and years are
 * calendar months and years in UTC.
 */
public record Timeout(String text, Period period, Duration time) {
  /**
   * @throws IllegalArgumentException if {@code text} is not an ISO-8601 duration
   */
  public static Timeout parse(String text) {
    int t = text.indexOf('T');
    try {
      if (!text.startsWith("P") || text.equals("P") || t == text.length() - 1) {
        throw new IllegalArgumentException(text);
      }
      Period period = t == 1 ? Period.ZERO : Period.parse(t < 0 ? text : text.substring(0, t));
      Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + text.substring(t));
      return new Timeout(text, period, time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The moment, in Unix seconds, this long after {@code startSeconds}. */
  public long after(long startSeconds) {
    return Instant.ofEpochSecond(startSeconds)
        .atOffset(ZoneOffset.UTC)
        .plus(period)
        .plus(time)
        .toEpochSecond();
  }

  @Override
  public String toString() {
    return text;
  }
}
