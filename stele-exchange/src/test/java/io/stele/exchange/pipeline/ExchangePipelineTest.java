package io.stele.exchange.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.journal.JournalReader;
import io.stele.exchange.journal.Recovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangePipelineTest {
  @TempDir Path dir;

  static byte[] directHash(List<Command> cmds) {
    Engine e = new Engine();
    cmds.forEach(c -> e.apply(c, new EventSink() {}));
    return e.stateHash();
  }

  private static void submitAll(ExchangePipeline p, List<Command> cmds, int batch) {
    Command[] buf = new Command[batch];
    for (int i = 0; i < cmds.size(); i += batch) {
      int n = Math.min(batch, cmds.size() - i);
      for (int j = 0; j < n; j++) {
        buf[j] = new Command().copyFrom(cmds.get(i + j));
      }
      p.submit(buf, n);
    }
  }

  @Test
  void aFailingBusinessThreadHaltsThePipelineInsteadOfHangingIt() {
    List<Command> cmds = TestLoad.commands(3, 50_000);
    AtomicLong acked = new AtomicLong();
    EventSink failing =
        new EventSink() {
          @Override
          public void accepted(Command c) {
            if (c.sequence == 5_000) {
              throw new IllegalStateException("sink failed");
            }
          }
        };
    ExchangePipeline p = ExchangePipeline.open(dir, failing, acked::set, 256, Long.MAX_VALUE);
    assertThatThrownBy(
            () -> {
              submitAll(p, cmds, 500);
              p.close();
            })
        .isInstanceOfSatisfying(
            SteleException.class,
            e -> {
              assertThat(e.code()).isEqualTo("exchange.halted");
              assertThat(e.getMessage()).contains("sequence 5000");
            });
    assertThat(acked.get()).isLessThan(5_000);
  }

  @Test
  void noReplyIsReleasedBeforeItsCommandIsJournaledAndApplied() throws Exception {
    List<Command> cmds = TestLoad.commands(11, 30_000);
    AtomicLong applied = new AtomicLong();
    List<String> violations = new CopyOnWriteArrayList<>();
    List<Long> replies = new CopyOnWriteArrayList<>();
    Path copy = Files.createTempDirectory(dir.getParent(), "journal-copy");
    ExchangePipeline.Acknowledger check =
        seq -> {
          replies.add(seq);
          try {
            // What the journal file holds at the moment of the reply, read from a copy so that
            // the reader's torn-tail truncation cannot touch the live file.
            Path f = copy.resolve("journal.log");
            Files.copy(dir.resolve(Recovery.JOURNAL), f, StandardCopyOption.REPLACE_EXISTING);
            long journaled = JournalReader.read(f, c -> {}).lastSequence();
            if (journaled < seq) {
              violations.add("reply " + seq + " with the journal at " + journaled);
            }
          } catch (IOException e) {
            violations.add("reply " + seq + ": " + e);
          }
          if (applied.get() < seq) {
            violations.add("reply " + seq + " with the engine at " + applied.get());
          }
        };
    ExchangePipeline p =
        ExchangePipeline.open(dir, new EventSink() {}, applied::set, check, 1024, Long.MAX_VALUE);
    submitAll(p, cmds, 200);
    p.close();
    assertThat(violations).isEmpty();
    assertThat(replies).isNotEmpty().isSorted().doesNotHaveDuplicates();
    assertThat(replies.get(replies.size() - 1)).isEqualTo(30_000);
    assertThat(p.repliedSequence()).isEqualTo(30_000);
    assertThat(p.engine().stateHash()).isEqualTo(directHash(cmds));
  }

  @Test
  void awaitReplyReturnsOnceTheCommandsAreDurable() {
    List<Command> cmds = TestLoad.commands(5, 2_000);
    try (ExchangePipeline p =
        ExchangePipeline.open(dir, new EventSink() {}, seq -> {}, 256, Long.MAX_VALUE)) {
      submitAll(p, cmds.subList(0, 1_500), 500);
      p.awaitReply(1_500);
      assertThat(p.repliedSequence()).isGreaterThanOrEqualTo(1_500);
      assertThat(JournalReader.read(dir.resolve(Recovery.JOURNAL), c -> {}).lastSequence())
          .isGreaterThanOrEqualTo(1_500);
    }
  }

  @Test
  void snapshotsPlusJournalRecoverTheStateOfARunAcrossRestarts() throws Exception {
    List<Command> cmds = TestLoad.commands(42, 20_000);
    AtomicLong acked = new AtomicLong();
    try (ExchangePipeline p =
        ExchangePipeline.open(dir, new EventSink() {}, acked::set, 1024, 3_000)) {
      submitAll(p, cmds.subList(0, 12_000), 250);
    }
    assertThat(acked.get()).isEqualTo(12_000);
    ExchangePipeline p = ExchangePipeline.open(dir, new EventSink() {}, acked::set, 1024, 3_000);
    assertThat(p.nextSequence()).isEqualTo(12_001);
    submitAll(p, cmds.subList(12_000, 20_000), 333);
    p.close();
    assertThat(p.engine().stateHash()).isEqualTo(directHash(cmds));
    try (Stream<Path> files = Files.list(dir)) {
      // Six snapshots were taken (every 3,000 of 12,000 and of 8,000); the newest two are kept.
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".bin")))
          .containsExactlyInAnyOrder(
              String.format("snapshot-%020d.bin", 15_000),
              String.format("snapshot-%020d.bin", 18_000));
    }
    Recovery.Recovered r = Recovery.recover(dir);
    assertThat(r.sequence()).isEqualTo(20_000);
    assertThat(r.snapshotSequence()).isEqualTo(18_000);
    assertThat(r.engine().stateHash()).isEqualTo(directHash(cmds));
  }

  @Test
  void aBusySpinningBusinessThreadJournalsAndAppliesEveryCommand() {
    List<Command> cmds = TestLoad.commands(7, 10_000);
    AtomicLong acked = new AtomicLong();
    ExchangePipeline p =
        ExchangePipeline.open(
            dir,
            new EventSink() {},
            seq -> {},
            acked::set,
            512,
            Long.MAX_VALUE,
            ExchangePipeline.Idle.BUSY_SPIN);
    submitAll(p, cmds, 100);
    p.close();
    assertThat(acked.get()).isEqualTo(10_000);
    assertThat(p.engine().stateHash()).isEqualTo(directHash(cmds));
    assertThat(Recovery.recover(dir).engine().stateHash()).isEqualTo(directHash(cmds));
  }

  @Test
  void anUnjournaledPipelineAppliesEveryCommandInOrderAndRepliesWithTheEngine() {
    List<Command> cmds = TestLoad.commands(9, 10_000);
    List<Long> applied = new CopyOnWriteArrayList<>();
    for (ExchangePipeline.Idle idle : ExchangePipeline.Idle.values()) {
      applied.clear();
      ExchangePipeline p =
          ExchangePipeline.unjournaled(new EventSink() {}, applied::add, 256, idle);
      assertThat(p.nextSequence()).isEqualTo(1);
      submitAll(p, cmds, 64);
      p.awaitReply(10_000);
      p.close();
      assertThat(applied).as(idle.name()).isSorted().doesNotHaveDuplicates().endsWith(10_000L);
      assertThat(p.repliedSequence()).isEqualTo(10_000);
      assertThat(p.engine().stateHash()).isEqualTo(directHash(cmds));
    }
  }
}
