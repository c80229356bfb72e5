package io.stele.workflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutTest {
  /** Expected instants computed independently (calendar arithmetic in UTC). */
  @ParameterizedTest
  @CsvSource({
    "P1D,           1519862400, 1519948800",
    "PT30M,         0,          1800",
    "P1M,           1548892800, 1551312000",
    "P1Y2M3DT4H5M6S, 0,         36907506",
    "P2W,           0,          1209600"
  })
  void dueDatesAddCalendarPeriodsInUtc(String text, long start, long expected) {
    assertThat(Timeout.parse(text).after(start)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"P", "PT", "1D", "P1DT", "soon", "P-"})
  void nonDurationsAreRefused(String text) {
    assertThatThrownBy(() -> Timeout.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
