package io.stele.api;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Messages for one slow consumer: publishers never wait, a virtual thread sends them in order, and
 * once more than {@code capacity} are waiting the outbox gives up on the consumer (calls {@code
 * overflow} once and accepts nothing more).
 */
public final class Outbox {
  private final BlockingQueue<String> queue;
  private final Consumer<String> sender;
  private final Runnable overflow;
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private volatile Thread thread;

  public Outbox(int capacity, Consumer<String> sender, Runnable overflow) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sender = sender;
    this.overflow = overflow;
  }

  public void start(String name) {
    thread = Thread.ofVirtual().name(name).start(this::drain);
  }

  /** Queues {@code message}; never blocks. */
  public void offer(String message) {
    if (overflowed.get()) {
      return;
    }
    if (!queue.offer(message) && overflowed.compareAndSet(false, true)) {
      overflow.run();
    }
  }

  public void stop() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void drain() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sender.accept(queue.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
