package io.stele.bench.exchange;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine path of {@code stele bench exchange --journal off}: the {@link ExchangeLoad} mix
 * submitted into the ring and applied by a busy-spinning business thread, one operation per
 * command, each batch waited for. Run with {@code -prof gc}: the allocation it shows covers every
 * thread, so it says whether the generator's copy, the ring, the business thread and the reply gate
 * allocate per command. When the stream runs out a fresh pipeline and engine are built from the
 * starting state (counted in the figures).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PipelineBenchmark {
  static final int BATCH = 1_000;

  @Param("2000000")
  int commands;

  ExchangeLoad.Load load;
  ExchangePipeline pipeline;
  final Command[] batch = new Command[BATCH];
  int cursor;

  @Setup(Level.Trial)
  public void generate() {
    load = ExchangeLoad.generate(42, commands / BATCH * BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch[i] = new Command();
    }
    restart();
  }

  private void restart() {
    pipeline =
        ExchangePipeline.unjournaled(
            new EventSink() {}, s -> {}, 1 << 14, ExchangePipeline.Idle.BUSY_SPIN);
    pipeline.submit(load.setup(), load.setup().length);
    cursor = 0;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long submit() {
    if (cursor == load.commands().length) {
      pipeline.close();
      restart();
    }
    Command[] cmds = load.commands();
    for (int i = 0; i < BATCH; i++) {
      batch[i].copyFrom(cmds[cursor++]);
    }
    pipeline.submit(batch, BATCH);
    pipeline.awaitReply(pipeline.nextSequence() - 1);
    return pipeline.repliedSequence();
  }

  @TearDown(Level.Trial)
  public void close() {
    pipeline.close();
  }
}
