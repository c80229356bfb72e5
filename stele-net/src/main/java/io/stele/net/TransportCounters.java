package io.stele.net;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link TransportStats}; safe to bump from any thread. */
public final class TransportCounters {
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder queueFull = new LongAdder();
  private final LongAdder tooLarge = new LongAdder();
  private final LongAdder penalties = new LongAdder();
  private final LongAdder bans = new LongAdder();
  private final Map<String, LongAdder> closed = new ConcurrentHashMap<>();

  public void sent() {
    sent.increment();
  }

  public void received() {
    received.increment();
  }

  public void delivered() {
    delivered.increment();
  }

  public void duplicate() {
    duplicates.increment();
  }

  public void penalty() {
    penalties.increment();
  }

  public void ban() {
    bans.increment();
  }

  public void queueFull() {
    queueFull.increment();
  }

  public void tooLarge() {
    tooLarge.increment();
  }

  public void closed(String reason) {
    closed.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public TransportStats snapshot() {
    Map<String, Long> closedNow = new TreeMap<>();
    closed.forEach((reason, count) -> closedNow.put(reason, count.sum()));
    return new TransportStats(
        sent.sum(),
        received.sum(),
        delivered.sum(),
        duplicates.sum(),
        queueFull.sum(),
        tooLarge.sum(),
        penalties.sum(),
        bans.sum(),
        closedNow);
  }
}
