package io.stele.workflow.chain;

import io.stele.core.error.SteleException;
import java.util.List;

/**
 * How two copies of one event chain relate. Two nodes that hold the same chain either agree, one is
 * ahead of the other, or they forked: after a common prefix each has an event the other lacks. A
 * fork is reported, never resolved by guessing which side is right.
 */
public sealed interface ChainComparison {
  /** Both copies hold the same events. */
  record Same(int length) implements ChainComparison {}

  /** One copy is a strict prefix of the other; the longer one simply has more events. */
  record Behind(String shorterSide, int commonLength, int longerLength)
      implements ChainComparison {}

  /**
   * The copies diverge after {@code commonLength} events (the last common hash is {@code
   * commonHash}); {@code leftHash} and {@code rightHash} are the first events that differ.
   */
  record Forked(int commonLength, String commonHash, String leftHash, String rightHash)
      implements ChainComparison {}

  /** Compares two copies of one chain by event hash; chains with different ids are refused. */
  static ChainComparison compare(EventChain left, EventChain right) {
    if (!left.id().equals(right.id())) {
      throw new SteleException(
          "workflow.chain_mismatch",
          "cannot compare chain " + left.id() + " with chain " + right.id());
    }
    List<Event> a = left.events();
    List<Event> b = right.events();
    int common = 0;
    while (common < a.size()
        && common < b.size()
        && a.get(common).hash().equals(b.get(common).hash())) {
      common++;
    }
    if (common == a.size() && common == b.size()) {
      return new Same(common);
    }
    if (common == a.size()) {
      return new Behind("left", common, b.size());
    }
    if (common == b.size()) {
      return new Behind("right", common, a.size());
    }
    String commonHash = common == 0 ? a.get(0).previous() : a.get(common - 1).hash();
    return new Forked(common, commonHash, a.get(common).hash(), b.get(common).hash());
  }
}
