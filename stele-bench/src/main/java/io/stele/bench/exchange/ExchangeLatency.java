package io.stele.bench.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency of the exchange pipeline (Disruptor ring; journal with one fsync per batch and
 * engine consuming it in parallel) on the {@link ExchangeLoad} stream. Command {@code i} is due at
 * {@code start + i / rate}; the generator submits every command that is due. Two latencies are
 * recorded from each command's <em>intended</em> send time: to the end of the engine batch that
 * applied it (engine latency, its events are out) and to the reply that it is durable and applied
 * (durable-ack latency, what a client waits for). A stall therefore shows in every command that
 * should have been sent during it, instead of being hidden by a generator that waits (coordinated
 * omission).
 */
public final class ExchangeLatency {
  private static final int RING = 1 << 16;

  private ExchangeLatency() {}

  /** Records, for every sequence passed since the last call, now minus its intended send time. */
  private static final class Recorder implements ExchangePipeline.Acknowledger {
    final Histogram histogram = new Histogram(60_000_000_000L, 3);
    private final Plan plan;
    private long passed;

    Recorder(Plan plan) {
      this.plan = plan;
    }

    @Override
    public void acknowledged(long sequence) {
      long now = System.nanoTime();
      long first = plan.firstMeasured;
      if (first > 0) {
        for (long s = Math.max(passed + 1, first); s <= sequence; s++) {
          histogram.recordValue(Math.max(0, now - plan.intended(s)));
        }
      }
      passed = sequence;
    }
  }

  /** When measured commands were due; written by the generator before it submits any of them. */
  private static final class Plan {
    final double intervalNs;
    volatile long startNs;
    volatile long firstMeasured;

    Plan(long rate) {
      intervalNs = 1e9 / rate;
    }

    long intended(long sequence) {
      return startNs + (long) ((sequence - firstMeasured) * intervalNs);
    }
  }

  /**
   * Runs {@code warmup} commands unmeasured and then {@code commands} measured, at {@code rate}
   * commands per second, with the journal in {@code dir} (which should be empty). The headline
   * figures ({@code p50Us}, {@code p99Us}, {@code p9999Us}) are engine latency; {@code ack} holds
   * the durable-ack latency.
   */
  public static ObjectNode run(long rate, int commands, int warmup, Path dir) {
    ExchangeLoad.Load load = ExchangeLoad.generate(42, warmup + commands);
    Plan plan = new Plan(rate);
    Recorder engine = new Recorder(plan);
    Recorder ack = new Recorder(plan);
    ExchangePipeline pipeline =
        ExchangePipeline.open(dir, new EventSink() {}, engine, ack, RING, Long.MAX_VALUE);
    long start;
    try {
      pipeline.submit(load.setup(), load.setup().length);
      Command[] stream = load.commands();
      paced(pipeline, stream, 0, warmup, rate, System.nanoTime());
      pipeline.awaitReply(pipeline.nextSequence() - 1);
      start = System.nanoTime();
      plan.startNs = start;
      plan.firstMeasured = pipeline.nextSequence();
      paced(pipeline, stream, warmup, warmup + commands, rate, start);
    } finally {
      pipeline.close();
    }
    long elapsed = System.nanoTime() - start;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("targetRate", rate)
        .put("commands", commands)
        .put("commandsPerSecond", Math.round(commands * 1e9 / elapsed));
    figures(out, engine.histogram);
    figures(out.putObject("ack"), ack.histogram);
    out.put("ackP50Us", out.path("ack").path("p50Us").asDouble())
        .put("ackP99Us", out.path("ack").path("p99Us").asDouble())
        .put("ackP9999Us", out.path("ack").path("p9999Us").asDouble());
    return out;
  }

  private static void figures(ObjectNode out, Histogram h) {
    out.put("p50Us", micros(h.getValueAtPercentile(50)))
        .put("p99Us", micros(h.getValueAtPercentile(99)))
        .put("p9999Us", micros(h.getValueAtPercentile(99.99)))
        .put("maxUs", micros(h.getMaxValue()))
        .put("recorded", h.getTotalCount());
  }

  private static double micros(long nanos) {
    return Math.round(nanos / 10.0) / 100.0;
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
