package io.stele.exchange.pipeline;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Releases replies up to the sequence that both the journal (durable) and the business thread
 * (applied) have passed, in increasing order and each once. Whichever passes a sequence last
 * releases it. A thread that finds the lock taken leaves the release to the holder, which checks
 * again after unlocking: so the business thread never blocks behind a journal thread that was
 * descheduled while it held the lock (and ran the acknowledger).
 */
final class ReplyGate {
  private final ExchangePipeline.Acknowledger replies;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long durable;
  private volatile long applied;
  private volatile long replied;

  /** Starts with everything up to {@code last} durable, applied and replied. */
  ReplyGate(long last, ExchangePipeline.Acknowledger replies) {
    this.durable = last;
    this.applied = last;
    this.replied = last;
    this.replies = replies;
  }

  /** The journal has forced everything up to {@code sequence} to disk. */
  void durable(long sequence) {
    durable = sequence;
    release();
  }

  /** The engine has applied everything up to {@code sequence}. */
  void applied(long sequence) {
    applied = sequence;
    release();
  }

  long durable() {
    return durable;
  }

  long replied() {
    return replied;
  }

  private void release() {
    while (Math.min(durable, applied) > replied && lock.tryLock()) {
      try {
        long both = Math.min(durable, applied);
        if (both > replied) {
          replied = both;
          replies.acknowledged(both);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
