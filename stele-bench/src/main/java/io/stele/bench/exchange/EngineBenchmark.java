package io.stele.bench.exchange;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.Side;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matching engine alone, on the {@link ExchangeLoad} mix: one operation is one command. When
 * the pre-generated stream runs out the engine is rebuilt from the starting state (a few thousand
 * setup commands, counted in the figures). Run with {@code -prof gc} to see allocation per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineBenchmark {
  static final int BATCH = 1_000;

  @Param("2000000")
  int commands;

  ExchangeLoad.Load load;
  Engine engine;
  int cursor;
  long trades;

  final EventSink sink =
      new EventSink() {
        @Override
        public void trade(
            long timestamp,
            int market,
            long makerOrderId,
            long makerAccount,
            long takerOrderId,
            long takerAccount,
            Side takerSide,
            long price,
            long size,
            long quoteAmount,
            long makerFee,
            long takerFee) {
          trades++;
        }
      };

  @Setup(Level.Trial)
  public void generate() {
    load = ExchangeLoad.generate(42, commands / BATCH * BATCH);
    engine = load.start();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long apply() {
    if (cursor == load.commands().length) {
      engine = load.start();
      cursor = 0;
    }
    Command[] cmds = load.commands();
    for (int i = 0; i < BATCH; i++) {
      engine.apply(cmds[cursor++], sink);
    }
    return trades;
  }
}
