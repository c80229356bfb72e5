package io.stele.bench.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.exchange.journal.JournalReader;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeLatencyTest {
  static final int WARMUP = 5_000;
  static final int MEASURED = 20_000;

  @Test
  void journalOffRecordsTheEngineLatencyOfEveryMeasuredCommandAndNoAck() {
    ObjectNode out =
        ExchangeLatency.run(
            200_000, MEASURED, WARMUP, false, ExchangePipeline.Idle.BUSY_SPIN, null);
    assertThat(out.path("journal").asText()).isEqualTo("off");
    assertThat(out.path("idle").asText()).isEqualTo("spin");
    assertThat(out.path("recorded").asLong()).isEqualTo(MEASURED);
    assertThat(out.path("p9999Us").asDouble())
        .isGreaterThanOrEqualTo(out.path("p99Us").asDouble())
        .isGreaterThanOrEqualTo(out.path("p50Us").asDouble());
    assertThat(out.has("ack")).isFalse();
    assertThat(out.has("ackP99Us")).isFalse();
  }

  @Test
  void journalOnJournalsEveryCommandAndRecordsTheDurableAckOfEachMeasuredOne(@TempDir Path dir) {
    ObjectNode out =
        ExchangeLatency.run(200_000, MEASURED, WARMUP, true, ExchangePipeline.Idle.BACK_OFF, dir);
    assertThat(out.path("journal").asText()).isEqualTo("on");
    assertThat(out.path("idle").asText()).isEqualTo("back-off");
    assertThat(out.path("recorded").asLong()).isEqualTo(MEASURED);
    assertThat(out.path("ack").path("recorded").asLong()).isEqualTo(MEASURED);
    assertThat(out.path("ackP50Us").asDouble()).isEqualTo(out.path("ack").path("p50Us").asDouble());
    int setup = ExchangeLoad.generate(42, WARMUP + MEASURED).setup().length;
    assertThat(JournalReader.read(dir.resolve(Recovery.JOURNAL), c -> {}).lastSequence())
        .isEqualTo(setup + WARMUP + MEASURED);
  }

  @Test
  void onLinuxTheGeneratorAndBusinessThreadsAreReportedAndTheCallerKeepsItsName() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc on this system");
    String name = Thread.currentThread().getName();
    ObjectNode out =
        ExchangeLatency.run(
            200_000, MEASURED, WARMUP, false, ExchangePipeline.Idle.BUSY_SPIN, null);
    assertThat(out.path("threads").has("exch-generator")).isTrue();
    assertThat(out.path("threads").has("exch-business")).isTrue();
    assertThat(Thread.currentThread().getName()).isEqualTo(name);
  }
}
