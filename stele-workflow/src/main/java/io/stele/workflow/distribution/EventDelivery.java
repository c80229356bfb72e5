package io.stele.workflow.distribution;

import io.stele.workflow.chain.EventChain;

/**
 * Pushes a copy of a chain to another party's node. The node binds this to HTTP; tests use an
 * in-process delivery. Delivery is at least once: the receiving side applies copies idempotently.
 */
@FunctionalInterface
public interface EventDelivery {
  /** Code of a failure worth retrying (the node could not be reached, timed out, ...). */
  String FAILED = "delivery.failed";

  /**
   * Returns once {@code node} has taken in {@code chain} (or already had it).
   *
   * @throws io.stele.core.error.SteleException {@link #FAILED} if it may work later; otherwise the
   *     receiving node's refusal, with its code
   */
  void deliver(String node, EventChain chain);

  /**
   * True for failures that a later attempt may overcome: {@link #FAILED}, and a fork the receiver
   * cannot decide until the first differing events are anchored ({@code workflow.fork_unresolved}).
   */
  static boolean retryable(String code) {
    return FAILED.equals(code) || "workflow.fork_unresolved".equals(code);
  }
}
