package io.stele.bench.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency of the exchange pipeline on the {@link ExchangeLoad} stream. Command {@code i}
 * is due at {@code start + i / rate}; the generator (this thread) spins, without allocating, and
 * submits every command that is due. Latencies are recorded from each command's <em>intended</em>
 * send time, so a stall shows in every command that should have been sent during it, instead of
 * being hidden by a generator that waits (coordinated omission).
 *
 * <p>Two arrangements. <b>Journal on</b> (the venue's): the journal thread (one fsync per batch)
 * and the business thread consume the ring in parallel; two latencies are recorded, to the end of
 * the engine batch that applied the command (engine latency, its events are out) and to the reply
 * that it is durable and applied (durable-ack latency, what a client waits for). <b>Journal off</b>
 * (the engine path, as exchange-core's latency test measures it): generator, ring and business
 * thread only, two threads for two cores; only engine latency exists.
 */
public final class ExchangeLatency {
  private static final int RING = 1 << 16;
  private static final int WARMUP_PIECES = 250;
  private static final int EDGE_PRIMING = 500;

  private ExchangeLatency() {}

  /**
   * Records, for every sequence passed since the last call, now minus its intended send time. The
   * warm-up records too, into a histogram of its own, so that the recording code is compiled before
   * the measured window opens: otherwise the JIT compiles it inside the window, and its compiler
   * threads take the business thread's core for milliseconds (seen with {@code perf sched}).
   */
  private static final class Recorder implements ExchangePipeline.Acknowledger {
    final Histogram warmup = histogram();
    final Histogram histogram = histogram();
    private final Plan plan;
    private long passed;
    // A reference swapped between phases, not a flag tested per command: a branch never taken in
    // the warm-up would be compiled out, and taking it would deoptimize inside the window.
    private volatile Histogram into = histogram();

    Recorder(Plan plan) {
      this.plan = plan;
    }

    @Override
    public void acknowledged(long sequence) {
      long now = System.nanoTime();
      long first = plan.firstMeasured;
      if (first > 0) {
        Histogram into = this.into;
        for (long s = Math.max(passed + 1, first); s <= sequence; s++) {
          into.recordValue(Math.max(0, now - plan.intended(s)));
        }
      }
      passed = sequence;
    }

    /**
     * Starts recording into a fresh histogram, adding the last one to the warm-up's: a fresh one
     * sees new minimums and maximums at first, a branch the JIT would otherwise find cold after the
     * warm-up's first moments and compile out, and deoptimize on at the window's start. Call only
     * when every command submitted is acknowledged.
     */
    void nextWarmup() {
      warmup.add(into);
      into = histogram();
    }

    void measure() {
      warmup.add(into);
      into = histogram;
    }

    private static Histogram histogram() {
      return new Histogram(60_000_000_000L, 3);
    }
  }

  /**
   * When the commands of the current phase were due. The generator rewrites it only between phases,
   * when every command is acknowledged, and before it submits any command of the next.
   */
  private static final class Plan {
    final double intervalNs;
    volatile long startNs;
    volatile long firstMeasured;

    Plan(long rate) {
      intervalNs = 1e9 / rate;
    }

    void begin(long start, long first) {
      startNs = start;
      firstMeasured = first;
    }

    long intended(long sequence) {
      return startNs + (long) ((sequence - firstMeasured) * intervalNs);
    }
  }

  /**
   * Runs {@code warmup} commands unmeasured and then {@code commands} measured, at {@code rate}
   * commands per second, with the business thread waiting as {@code idle} says. With {@code
   * journal} the journal goes to {@code dir} (which should be empty) and {@code ack} holds the
   * durable-ack latency; without, {@code dir} is not used. The headline figures ({@code p50Us},
   * {@code p99Us}, {@code p9999Us}) are engine latency; {@code journal} says which arrangement they
   * come from.
   */
  public static ObjectNode run(
      long rate, int commands, int warmup, boolean journal, ExchangePipeline.Idle idle, Path dir) {
    ExchangeLoad.Load load = ExchangeLoad.generate(42, warmup + commands);
    Plan plan = new Plan(rate);
    Recorder engine = new Recorder(plan);
    Recorder ack = new Recorder(plan);
    EventSink none = new EventSink() {};
    ExchangePipeline pipeline =
        journal
            ? ExchangePipeline.open(dir, none, engine, ack, RING, Long.MAX_VALUE, idle)
            : ExchangePipeline.unjournaled(none, engine, RING, idle);
    double loadBefore = loadAverage();
    long start;
    String callerName = Thread.currentThread().getName();
    Thread.currentThread().setName(GENERATOR_THREAD);
    ThreadTimes before;
    ThreadTimes after;
    long windowStartMs;
    long windowEndMs;
    try {
      pipeline.submit(load.setup(), load.setup().length);
      Command[] stream = load.commands();
      Command[] batch = new Command[RING];
      for (int i = 0; i < RING; i++) {
        batch[i] = new Command();
      }
      // What the window's edges call runs before the warm-up, often enough to be compiled: the
      // classes it loads would otherwise invalidate compiled code (class-hierarchy assumptions),
      // and its compilation take a core, at the window's start.
      for (int i = 0; i < EDGE_PRIMING; i++) {
        ThreadTimes.now(THREADS);
        ManagementFactory.getRuntimeMXBean().getUptime();
      }
      long warmStart = System.nanoTime();
      plan.begin(warmStart, pipeline.nextSequence());
      // In pieces: one long call would leave paced() compiled only on stack (OSR), and the
      // measured call would then start interpreted.
      int piece = Math.max(1, warmup / WARMUP_PIECES);
      for (int from = 0, pieces = 0; from < warmup; from += piece, pieces++) {
        if (pieces % (WARMUP_PIECES / 5) == 0) {
          pipeline.awaitReply(pipeline.nextSequence() - 1);
          engine.nextWarmup();
          ack.nextWarmup();
          warmStart = System.nanoTime() - (long) (from * 1e9 / rate);
          plan.begin(warmStart, plan.firstMeasured);
        }
        long due = warmStart + (long) (from * 1e9 / rate);
        paced(pipeline, stream, batch, from, Math.min(warmup, from + piece), rate, due);
      }
      pipeline.awaitReply(pipeline.nextSequence() - 1);
      awaitCompilerQuiet();
      before = ThreadTimes.now(THREADS);
      windowStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
      start = System.nanoTime();
      engine.measure();
      ack.measure();
      plan.begin(start, pipeline.nextSequence());
      paced(pipeline, stream, batch, warmup, warmup + commands, rate, start);
      pipeline.awaitReply(pipeline.nextSequence() - 1);
      windowEndMs = ManagementFactory.getRuntimeMXBean().getUptime();
      after = ThreadTimes.now(THREADS);
    } finally {
      pipeline.close();
      Thread.currentThread().setName(callerName);
    }
    long elapsed = System.nanoTime() - start;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("journal", journal ? "on" : "off")
        .put("path", journal ? JOURNALED : ENGINE_ONLY)
        .put("idle", idle == ExchangePipeline.Idle.BUSY_SPIN ? "spin" : "back-off")
        .put("targetRate", rate)
        .put("commands", commands)
        .put("commandsPerSecond", Math.round(commands * 1e9 / elapsed))
        .put("loadAverageBefore", loadBefore)
        .put("loadAverageAfter", loadAverage())
        // JVM uptime, as in -Xlog's timestamps: a GC or safepoint log shows what fell inside.
        .put("windowStartMs", windowStartMs)
        .put("windowEndMs", windowEndMs);
    figures(out, engine.histogram);
    figures(out.putObject("warmup"), engine.warmup);
    before.writeUntil(after, out.putObject("threads"));
    if (journal) {
      figures(out.putObject("ack"), ack.histogram);
      out.put("ackP50Us", out.path("ack").path("p50Us").asDouble())
          .put("ackP99Us", out.path("ack").path("p99Us").asDouble())
          .put("ackP9999Us", out.path("ack").path("p9999Us").asDouble());
    }
    return out;
  }

  private static final String GENERATOR_THREAD = "exch-generator";
  private static final Set<String> THREADS =
      Set.of(GENERATOR_THREAD, ExchangePipeline.BUSINESS_THREAD, ExchangePipeline.JOURNAL_THREAD);

  private static final String JOURNALED =
      "generator -> ring -> journal thread (fsync per batch) and business thread in parallel;"
          + " p*Us to the end of the engine batch, ack to the durable reply";
  private static final String ENGINE_ONLY =
      "generator -> ring -> business thread, no journal; p*Us to the end of the engine batch";

  /**
   * Waits, at most 10 s, until the JIT has compiled nothing for half a second: compilations still
   * queued from the warm-up would otherwise run on the cores of the measured threads.
   */
  private static void awaitCompilerQuiet() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    long last = jit.getTotalCompilationTime();
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(500_000_000L);
      long now = jit.getTotalCompilationTime();
      if (now == last) {
        return;
      }
      last = now;
    }
  }

  // The 1-minute load average of the machine (-1 where the system does not say).
  private static double loadAverage() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
        / 100.0;
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

  /**
   * Submits stream[from, to) so that command {@code from + i} goes out at start + i / rate, copying
   * each into {@code batch} (preallocated, so that nothing is allocated once the window is open).
   */
  private static void paced(
      ExchangePipeline pipeline,
      Command[] stream,
      Command[] batch,
      int from,
      int to,
      long rate,
      long start) {
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
