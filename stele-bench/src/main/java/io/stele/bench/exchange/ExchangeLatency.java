package io.stele.bench.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency of the exchange pipeline (journal, fsync per submitted batch, Disruptor ring,
 * engine) on the {@link ExchangeLoad} stream. Command {@code i} is due at {@code start + i / rate};
 * the generator submits every command that is due, and a command's latency runs from its
 * <em>intended</em> send time to the acknowledgement that the engine applied it. A stall therefore
 * shows in every command that should have been sent during it, instead of being hidden by a
 * generator that waits (coordinated omission).
 */
public final class ExchangeLatency {
  private static final int RING = 1 << 16;

  private ExchangeLatency() {}

  /**
   * Runs {@code warmup} commands unmeasured and then {@code commands} measured, at {@code rate}
   * commands per second, with the journal in {@code dir} (which should be empty).
   */
  public static ObjectNode run(long rate, int commands, int warmup, Path dir) {
    ExchangeLoad.Load load = ExchangeLoad.generate(42, warmup + commands);
    Histogram histogram = new Histogram(60_000_000_000L, 3);
    double intervalNs = 1e9 / rate;
    // Written by the generator before the measured commands are submitted; read on ack.
    long[] plan = new long[3]; // first measured sequence, start nanos, measuring (0/1)
    ExchangePipeline.Acknowledger ack =
        new ExchangePipeline.Acknowledger() {
          private long acked;

          @Override
          public void acknowledged(long sequence) {
            long now = System.nanoTime();
            synchronized (plan) {
              if (plan[2] == 1) {
                for (long s = Math.max(acked + 1, plan[0]); s <= sequence; s++) {
                  long intended = plan[1] + (long) ((s - plan[0]) * intervalNs);
                  histogram.recordValue(Math.max(0, now - intended));
                }
              }
            }
            acked = sequence;
          }
        };
    ExchangePipeline pipeline =
        ExchangePipeline.open(dir, new EventSink() {}, ack, RING, Long.MAX_VALUE);
    try {
      pipeline.submit(load.setup(), load.setup().length);
      Command[] stream = load.commands();
      paced(pipeline, stream, 0, warmup, rate);
      synchronized (plan) {
        plan[0] = pipeline.nextSequence();
        plan[1] = System.nanoTime();
        plan[2] = 1;
      }
      paced(pipeline, stream, warmup, warmup + commands, rate, plan[1]);
    } finally {
      pipeline.close();
    }
    long elapsed = System.nanoTime() - plan[1];
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("targetRate", rate)
        .put("commands", commands)
        .put("commandsPerSecond", Math.round(commands * 1e9 / elapsed))
        .put("p50Us", micros(histogram.getValueAtPercentile(50)))
        .put("p99Us", micros(histogram.getValueAtPercentile(99)))
        .put("p9999Us", micros(histogram.getValueAtPercentile(99.99)))
        .put("maxUs", micros(histogram.getMaxValue()))
        .put("recorded", histogram.getTotalCount());
    return out;
  }

  private static double micros(long nanos) {
    return Math.round(nanos / 10.0) / 100.0;
  }

  private static void paced(
      ExchangePipeline pipeline, Command[] stream, int from, int to, long rate) {
    paced(pipeline, stream, from, to, rate, System.nanoTime());
  }

  /** Submits stream[from, to) so that command {@code from + i} goes out at start + i / rate. */
  private static void paced(
      ExchangePipeline pipeline, Command[] stream, int from, int to, long rate, long start) {
    Command[] batch = new Command[RING];
    for (int i = 0; i < RING; i++) {
      batch[i] = new Command();
    }
    int next = from;
    while (next < to) {
      long due = from + (System.nanoTime() - start) * rate / 1_000_000_000L + 1;
      int n = (int) Math.min(Math.min(due, to) - next, RING);
      if (n <= 0) {
        Thread.onSpinWait();
        continue;
      }
      for (int i = 0; i < n; i++) {
        batch[i].copyFrom(stream[next + i]);
      }
      pipeline.submit(batch, n);
      next += n;
    }
  }
}
