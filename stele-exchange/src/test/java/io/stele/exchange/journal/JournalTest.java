package io.stele.exchange.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  static List<Command> sample() {
    List<Command> cmds =
        List.of(
            Command.asset(0, 8),
            Command.market(3, 0, 1, 100, 7, 10, 20, SelfTradePrevention.CANCEL_OLDEST),
            Command.deposit(5, 1, 123_456_789),
            Command.limit(5, 9, 3, Side.SELL, 1_000, 70, TimeInForce.FOK).postOnly(true).at(77),
            Command.marketOrder(5, 10, 3, Side.BUY, 7, TimeInForce.IOC),
            Command.cancel(5, 9),
            Command.amend(-1, Long.MAX_VALUE, Long.MIN_VALUE, 1),
            Command.amendTotal(5, 9, 1_000, 140));
    for (int i = 0; i < cmds.size(); i++) {
      cmds.get(i).sequence = i + 1;
    }
    return cmds;
  }

  private List<String> readAll(Path file, JournalReader.Result[] result) {
    List<String> seen = new ArrayList<>();
    result[0] = JournalReader.read(file, c -> seen.add(c.toString() + "@" + c.timestamp));
    return seen;
  }

  private Path written(List<Command> cmds) {
    Path file = dir.resolve("journal.log");
    try (JournalWriter w = new JournalWriter(file, 0, 256)) {
      cmds.forEach(w::append);
      w.commit();
    }
    return file;
  }

  @Test
  void everyFieldOfEveryCommandReadsBack() {
    Path file = written(sample());
    JournalReader.Result[] r = new JournalReader.Result[1];
    assertThat(readAll(file, r))
        .containsExactlyElementsOf(sample().stream().map(c -> c + "@" + c.timestamp).toList());
    assertThat(r[0].records()).isEqualTo(8);
    assertThat(r[0].lastSequence()).isEqualTo(8);
    assertThat(r[0].truncatedBytes()).isZero();
  }

  @Test
  void aTornLastRecordIsCutOff() throws IOException {
    Path file = written(sample());
    long whole = Files.size(file);
    byte[] half = new byte[JournalWriter.RECORD / 2];
    System.arraycopy(Files.readAllBytes(file), 0, half, 0, half.length);
    Files.write(file, half, StandardOpenOption.APPEND);
    JournalReader.Result[] r = new JournalReader.Result[1];
    assertThat(readAll(file, r)).hasSize(8);
    assertThat(r[0].truncatedBytes()).isEqualTo(half.length);
    assertThat(Files.size(file)).isEqualTo(whole);
  }

  @Test
  void aLastRecordWithABadChecksumIsCutOff() throws IOException {
    Path file = written(sample());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 1;
    Files.write(file, bytes);
    JournalReader.Result[] r = new JournalReader.Result[1];
    assertThat(readAll(file, r)).hasSize(7);
    assertThat(Files.size(file)).isEqualTo(7L * JournalWriter.RECORD);
  }

  @Test
  void writingResumesAfterTheLastValidRecord() throws IOException {
    Path file = written(sample().subList(0, 3));
    Files.write(file, new byte[] {0, 0, 0}, StandardOpenOption.APPEND);
    JournalReader.Result first = JournalReader.read(file, c -> {});
    try (JournalWriter w = new JournalWriter(file, first.validBytes(), 256)) {
      sample().subList(3, 7).forEach(w::append);
    }
    JournalReader.Result[] r = new JournalReader.Result[1];
    assertThat(readAll(file, r)).hasSize(7);
  }

  @Test
  void aDamagedSnapshotFallsBackToTheOlderOne() throws IOException {
    Snapshots.write(dir, 5, new byte[] {1, 2, 3});
    Path newer = Snapshots.write(dir, 9, new byte[] {4, 5, 6});
    byte[] bytes = Files.readAllBytes(newer);
    bytes[bytes.length - 1] ^= 1;
    Files.write(newer, bytes);
    Snapshots.Snapshot s = Snapshots.latest(dir).orElseThrow();
    assertThat(s.sequence()).isEqualTo(5);
    assertThat(s.dump()).containsExactly(1, 2, 3);
  }
}
