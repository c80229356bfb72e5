package io.stele.ledger.consensus;

import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;

/**
 * Whether a block's producer and timestamp are valid on top of its parent: the producer is a
 * witness of the block's term, the timestamp is after the parent's and at most {@link
 * #MAX_FUTURE_MS} ahead of the local clock, and the producer's {@link Countdown} had run out at the
 * block's timestamp. A parent produced by no witness of this set (the genesis block, or the last
 * block of the term before by a witness not re-elected) counts as produced by the last witness, so
 * the first witness of the set is next in line.
 */
public record TurnRule(Countdown countdown) {

  public static final long MAX_FUTURE_MS = 1000;

  public void check(BlockHeader parent, BlockHeader block, WitnessSet witnesses, long now) {
    int count = witnesses.witnesses().size();
    int me = witnesses.witnesses().indexOf(block.producer());
    if (me < 0) {
      throw new SteleException(
          "turn.producer",
          "block " + block.height() + " producer " + block.producer() + " is not a witness");
    }
    if (block.timestamp() <= parent.timestamp()) {
      throw new SteleException(
          "turn.timestamp",
          "block "
              + block.height()
              + " timestamp "
              + block.timestamp()
              + " is not after its parent's "
              + parent.timestamp());
    }
    if (block.timestamp() - now > MAX_FUTURE_MS) {
      throw new SteleException(
          "turn.future",
          "block "
              + block.height()
              + " timestamp "
              + block.timestamp()
              + " is more than "
              + MAX_FUTURE_MS
              + " ms after the local clock "
              + now);
    }
    long elapsed = block.timestamp() - parent.timestamp();
    long wait = countdown.waitMillis(headIndex(parent.producer(), witnesses), me, count, elapsed);
    if (wait > 0) {
      throw new SteleException(
          "turn.early",
          "block "
              + block.height()
              + " by witness "
              + me
              + " came "
              + wait
              + " ms before its turn");
    }
  }

  private static int headIndex(PublicKey parentProducer, WitnessSet witnesses) {
    int index = witnesses.witnesses().indexOf(parentProducer);
    return index >= 0 ? index : witnesses.witnesses().size() - 1;
  }
}
