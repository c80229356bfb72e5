package io.stele.exchange.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.exchange.engine.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a crash leaves after the last whole record is cut off, and nothing before it is lost.
 */
class JournalTailPropertiesTest {
  private static Path journal(int records) throws IOException {
    Path dir = Files.createTempDirectory("stele-journal");
    Path file = dir.resolve("journal.log");
    try (JournalWriter w = new JournalWriter(file, 0, 512)) {
      for (int i = 1; i <= records; i++) {
        Command c = Command.deposit(i, 0, i * 10L);
        c.sequence = i;
        w.append(c);
      }
    }
    return file;
  }

  private static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.getParent());
  }

  @Property(tries = 100)
  void garbageAfterTheLastRecordIsCutOff(
      @ForAll @IntRange(min = 0, max = 30) int records, @ForAll @Size(max = 300) byte[] garbage)
      throws IOException {
    Path file = journal(records);
    Files.write(file, garbage, StandardOpenOption.APPEND);
    long[] seen = {0};
    JournalReader.Result r = JournalReader.read(file, c -> seen[0] = c.sequence);
    assertThat(r.records()).isEqualTo(records);
    assertThat(seen[0]).isEqualTo(records);
    assertThat(Files.size(file)).isEqualTo((long) records * JournalWriter.RECORD);
    delete(file);
  }

  @Property(tries = 100)
  void aDamagedOrShortLastRecordIsCutOff(
      @ForAll @IntRange(min = 1, max = 30) int records,
      @ForAll @IntRange(min = 0, max = JournalWriter.RECORD - 1) int position,
      @ForAll boolean truncate)
      throws IOException {
    Path file = journal(records);
    byte[] bytes = Files.readAllBytes(file);
    int start = (records - 1) * JournalWriter.RECORD;
    if (truncate) {
      bytes = Arrays.copyOf(bytes, start + position);
    } else {
      bytes[start + position] ^= 0x5A;
    }
    Files.write(file, bytes);
    JournalReader.Result r = JournalReader.read(file, c -> {});
    assertThat(r.records()).isEqualTo(records - 1);
    assertThat(Files.size(file)).isEqualTo((long) (records - 1) * JournalWriter.RECORD);
    delete(file);
  }
}
