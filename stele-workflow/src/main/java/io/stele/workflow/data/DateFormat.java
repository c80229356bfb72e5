package io.stele.workflow.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * {@code <dateformat>}: formats an ISO-8601 date or date-time with PHP {@code date()} letters, as
 * LTO scenarios write them (for example {@code "d-m-Y"}). Times without an offset are UTC. A null
 * date gives null; the clock is never read, so results are deterministic.
 */
final class DateFormat {
  private DateFormat() {}

  static JsonNode format(JsonNode date, String pattern) {
    if (date.isNull()) {
      return NullNode.getInstance();
    }
    if (!date.isTextual()) {
      throw new SteleException(
          "workflow.instruction", "<dateformat> needs an ISO-8601 date string");
    }
    OffsetDateTime time = parse(date.textValue());
    String format = pattern == null ? "Y-m-d\\TH:i:sP" : pattern;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '\\' && i + 1 < format.length()) {
        out.append(format.charAt(++i));
        continue;
      }
      out.append(
          switch (c) {
            case 'Y' -> String.format(Locale.ROOT, "%04d", time.getYear());
            case 'y' -> String.format(Locale.ROOT, "%02d", time.getYear() % 100);
            case 'm' -> String.format(Locale.ROOT, "%02d", time.getMonthValue());
            case 'n' -> String.valueOf(time.getMonthValue());
            case 'd' -> String.format(Locale.ROOT, "%02d", time.getDayOfMonth());
            case 'j' -> String.valueOf(time.getDayOfMonth());
            case 'H' -> String.format(Locale.ROOT, "%02d", time.getHour());
            case 'G' -> String.valueOf(time.getHour());
            case 'i' -> String.format(Locale.ROOT, "%02d", time.getMinute());
            case 's' -> String.format(Locale.ROOT, "%02d", time.getSecond());
            case 'D' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'l' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'M' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'F' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'P' ->
                time.getOffset().equals(ZoneOffset.UTC) ? "+00:00" : time.getOffset().getId();
            default -> String.valueOf(c);
          });
    }
    return Json.NODES.textNode(out.toString());
  }

  private static OffsetDateTime parse(String text) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(text);
      }
      return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new SteleException(
          "workflow.instruction", "<dateformat> cannot read date '" + text + "'");
    }
  }
}
