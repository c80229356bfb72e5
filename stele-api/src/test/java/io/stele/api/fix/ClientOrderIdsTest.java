package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Positive;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientOrderIdsTest {
  @TempDir Path dir;

  @Test
  void acceptedNamesComeBackAfterReopeningAndReservedOnesDoNot() {
    Path file = dir.resolve("fix").resolve("client-order-ids");
    try (ClientOrderIds ids = ClientOrderIds.open(file)) {
      ids.accept(7, 100, 50, "a1");
      ids.accept(7, 100, 40, "a2");
      ids.reserve(7, "a3", 100);
      ids.force();
      assertThat(ids.order(7, "a3")).contains(100L);
    }
    try (ClientOrderIds ids = ClientOrderIds.open(file)) {
      assertThat(ids.order(7, "a1")).contains(100L);
      assertThat(ids.order(7, "a2")).contains(100L);
      assertThat(ids.order(7, "a3")).isEmpty();
      assertThat(ids.order(8, "a1")).as("another account's name").isEmpty();
      assertThat(ids.current(100)).contains("a2");
      assertThat(ids.total(100)).contains(40L);
      assertThatThrownBy(() -> ids.checkNew(7, "a1"))
          .hasFieldOrPropertyWithValue("code", "order.duplicate_client_id");
      ids.checkNew(8, "a1");
    }
  }

  @Test
  void namesThatDoNotFitOnALineAreRefused() {
    try (ClientOrderIds ids = ClientOrderIds.open(dir.resolve("ids"))) {
      for (String name : List.of("", "a b", "tab\there", "é", "x".repeat(65))) {
        assertThatThrownBy(() -> ids.checkNew(1, name))
            .as(name)
            .hasFieldOrPropertyWithValue("code", "order.client_id");
      }
      ids.checkNew(1, "~!x".repeat(21) + "z");
    }
  }

  @Test
  void aDamagedFileIsRefusedWithItsLine() throws IOException {
    Path file = dir.resolve("ids");
    Files.writeString(file, "1 2 3 ok\n1 2 three bad\n");
    assertThatThrownBy(() -> ClientOrderIds.open(file))
        .hasFieldOrPropertyWithValue("code", "fix.client_ids")
        .hasMessageContaining("line 2");
  }

  @Property(tries = 50)
  void everyAcceptedNameRoundTripsThroughTheFile(
      @ForAll @Size(max = 20)
          List<@StringLength(min = 1, max = 64) @CharRange(from = '!', to = '~') String> names,
      @ForAll @Positive long account)
      throws IOException {
    Path file = Files.createTempFile("client-order-ids", "");
    Map<String, Long> expected = new LinkedHashMap<>();
    try (ClientOrderIds ids = ClientOrderIds.open(file)) {
      long orderId = 1;
      for (String name : names) {
        ids.accept(account, orderId, orderId * 10, name);
        expected.put(name, orderId++);
      }
      ids.force();
    }
    try (ClientOrderIds ids = ClientOrderIds.open(file)) {
      expected.forEach((name, id) -> assertThat(ids.order(account, name)).contains(id));
    } finally {
      Files.delete(file);
    }
  }
}
