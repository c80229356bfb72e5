package io.stele.workflow.distribution;

/**
 * Pushes part of a chain to another party's node. The node binds this to HTTP; tests use an
 * in-process delivery. Delivery is at least once: the receiving side applies pages idempotently.
 */
@FunctionalInterface
public interface EventDelivery {
  /** Code of a failure worth retrying (the node could not be reached, timed out, ...). */
  String FAILED = "delivery.failed";

  /** Code of a receiver that lacks the events before a page: send again from the start. */
  String GAP = "workflow.chain_gap";

  /** Event JSON per page by default: half the API's 1 MiB request limit, leaving room. */
  int PAGE_BYTES = 512 << 10;

  /**
   * Returns once {@code node} has taken in {@code page} (or already had it), with how many leading
   * events of the sender's copy (up to the page's end) the receiver now holds.
   *
   * @throws io.stele.core.error.SteleException {@link #FAILED} if it may work later, {@link #GAP}
   *     if the receiver lacks events before the page; otherwise the receiving node's refusal, with
   *     its code
   */
  int deliver(String node, ChainPage page);

  /** Most bytes of event JSON one page carries (a single larger event still goes alone). */
  default int maxPageBytes() {
    return PAGE_BYTES;
  }

  /**
   * True for failures that a later attempt may overcome: {@link #FAILED}, and a fork the receiver
   * cannot decide until the first differing events are anchored ({@code workflow.fork_unresolved}).
   */
  static boolean retryable(String code) {
    return FAILED.equals(code) || "workflow.fork_unresolved".equals(code);
  }
}
