package io.stele.bench.exchange;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.Side;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A short load run of the three exchange paths on the {@link ExchangeLoad} stream: the engine core,
 * the full pipeline with journaling (one fsync per batch), and recovery by replaying the journal.
 * Prints commands per second, bytes allocated per core command, and checks that all three reach the
 * same state hash.
 *
 * <p>Usage: {@code ExchangeThroughput [commands] [batch] [directory]}; defaults 2,000,000, 4,096
 * and a temporary directory that is deleted afterwards.
 */
public final class ExchangeThroughput {
  private ExchangeThroughput() {}

  public static void main(String[] args) throws IOException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4_096;
    Path dir =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("stele-exchange-load");
    ExchangeLoad.Load load = ExchangeLoad.generate(42, count);
    System.out.printf(
        "generated %,d commands after %,d setup commands%n", count, load.setup().length);

    EventSink none = new EventSink() {};
    for (int warm = 0; warm < 3; warm++) {
      Engine e = load.start();
      for (Command c : load.commands()) {
        e.apply(c, none);
      }
    }
    Engine core = load.start();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long bytes0 = threads.getCurrentThreadAllocatedBytes();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (Command c : load.commands()) {
      core.apply(c, none);
    }
    long t1 = System.nanoTime();
    long cpu1 = threads.getCurrentThreadCpuTime();
    long bytes1 = threads.getCurrentThreadAllocatedBytes();
    report("core", count, t1 - t0);
    report("core, per CPU second", count, cpu1 - cpu0);
    System.out.printf("core allocation: %.3f bytes/command%n", (bytes1 - bytes0) / (double) count);
    String coreHash = HexFormat.of().formatHex(core.stateHash());
    long[] trades = {0};
    Engine counted = load.start();
    EventSink counter =
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
            trades[0]++;
          }
        };
    for (Command c : load.commands()) {
      counted.apply(c, counter);
    }
    System.out.printf(
        "the stream makes %,d trades; %,d orders rest at the end%n",
        trades[0], counted.book(0, Side.BUY).size() + counted.book(0, Side.SELL).size());

    AtomicLong acked = new AtomicLong();
    ExchangePipeline pipeline =
        ExchangePipeline.open(dir, none, acked::set, 1 << 14, Long.MAX_VALUE);
    pipeline.submit(load.setup(), load.setup().length);
    Command[] buf = new Command[batch];
    long t2 = System.nanoTime();
    Command[] cmds = load.commands();
    for (int i = 0; i < cmds.length; i += batch) {
      int n = Math.min(batch, cmds.length - i);
      System.arraycopy(cmds, i, buf, 0, n);
      pipeline.submit(buf, n);
    }
    pipeline.close();
    long t3 = System.nanoTime();
    report("journaled pipeline (batch " + batch + ")", count, t3 - t2);
    String pipelineHash = HexFormat.of().formatHex(pipeline.engine().stateHash());

    // The first recovery warms the replay path (decode, checksum) up; the second is measured.
    Recovery.recover(dir);
    long cpu4 = threads.getCurrentThreadCpuTime();
    long t4 = System.nanoTime();
    Recovery.Recovered r = Recovery.recover(dir);
    long t5 = System.nanoTime();
    long cpu5 = threads.getCurrentThreadCpuTime();
    report("journal replay (warm)", r.journal().records(), t5 - t4);
    report("journal replay, per CPU second", r.journal().records(), cpu5 - cpu4);
    String replayHash = HexFormat.of().formatHex(r.engine().stateHash());

    System.out.println("state hash " + coreHash);
    if (!coreHash.equals(pipelineHash) || !coreHash.equals(replayHash)) {
      throw new IllegalStateException(
          "paths disagree: pipeline " + pipelineHash + ", replay " + replayHash);
    }
    if (args.length <= 2) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void report(String what, long commands, long nanos) {
    System.out.printf(
        "%-34s %,12d commands in %,8.1f ms = %,12.0f commands/s%n",
        what, commands, nanos / 1e6, commands * 1e9 / nanos);
  }
}
