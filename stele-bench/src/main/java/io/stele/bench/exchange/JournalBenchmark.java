package io.stele.bench.exchange;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable paths on the {@link ExchangeLoad} stream of 1,000,000 commands (one operation is one
 * command): {@code pipeline} journals batches of 16,384 with one fsync each and applies them on the
 * business thread; {@code replay} recovers an engine from a journal of the same stream. The journal
 * goes to {@code -Dstele.bench.dir} (default: the temporary directory).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JournalBenchmark {
  static final int COMMANDS = 1_000_000;
  static final int BATCH = 16_384;

  ExchangeLoad.Load load;
  Path replayDir;
  Path pipelineDir;
  ExchangePipeline pipeline;

  @Setup(Level.Trial)
  public void journal() throws IOException {
    load = ExchangeLoad.generate(42, COMMANDS);
    replayDir = Files.createTempDirectory(base(), "stele-replay");
    try (ExchangePipeline p =
        ExchangePipeline.open(replayDir, new EventSink() {}, seq -> {}, 1 << 14, Long.MAX_VALUE)) {
      p.submit(load.setup(), load.setup().length);
      submit(p, load.commands());
    }
  }

  @Setup(Level.Invocation)
  public void freshPipeline() throws IOException {
    pipelineDir = Files.createTempDirectory(base(), "stele-pipeline");
    pipeline =
        ExchangePipeline.open(pipelineDir, new EventSink() {}, seq -> {}, 1 << 14, Long.MAX_VALUE);
    pipeline.submit(load.setup(), load.setup().length);
  }

  @TearDown(Level.Invocation)
  public void dropPipeline() throws IOException {
    delete(pipelineDir);
  }

  @TearDown(Level.Trial)
  public void dropJournal() throws IOException {
    delete(replayDir);
  }

  @Benchmark
  @OperationsPerInvocation(COMMANDS)
  public void pipeline() {
    submit(pipeline, load.commands());
    pipeline.close();
  }

  @Benchmark
  @OperationsPerInvocation(COMMANDS)
  public long replay() {
    return Recovery.recover(replayDir).sequence();
  }

  private static void submit(ExchangePipeline p, Command[] cmds) {
    Command[] buf = new Command[BATCH];
    for (int i = 0; i < cmds.length; i += BATCH) {
      int n = Math.min(BATCH, cmds.length - i);
      System.arraycopy(cmds, i, buf, 0, n);
      p.submit(buf, n);
    }
  }

  private static Path base() {
    return Path.of(System.getProperty("stele.bench.dir", System.getProperty("java.io.tmpdir")));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
