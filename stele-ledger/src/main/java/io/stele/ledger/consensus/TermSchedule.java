package io.stele.ledger.consensus;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.WitnessSet;
import java.util.List;

/**
 * Which term, and so which witness set, produces each height. With T blocks per term and an interim
 * of I blocks: term 0 covers heights 0..T+I with the genesis witnesses; for k &ge; 1 the snapshot
 * block k*T fixes the set of term k, which covers heights k*T+I+1..(k+1)*T+I.
 */
public final class TermSchedule {
  private final ConsensusParameters parameters;

  public TermSchedule(ConsensusParameters parameters) {
    this.parameters = parameters;
  }

  /** The candidates as they are after applying the block at a height. */
  @FunctionalInterface
  public interface CandidateHistory {
    CandidateSet after(long height);
  }

  /** The term producing {@code height}. */
  public Term termAt(long height) {
    requireHeight(height);
    long t = parameters.termBlocks();
    long i = parameters.interimBlocks();
    long number = height <= t + i ? 0 : (height - i - 1) / t;
    return term(number);
  }

  /** Term {@code number} (0 or more); its last height saturates at Long.MAX_VALUE. */
  public Term term(long number) {
    if (number < 0) {
      throw new IllegalArgumentException("term number " + number + " is negative");
    }
    long t = parameters.termBlocks();
    long i = parameters.interimBlocks();
    long snapshot = saturatedMultiply(number, t);
    long first = number == 0 ? 0 : saturatedAdd(snapshot, i + 1);
    long last = saturatedAdd(saturatedMultiply(number + 1, t), i);
    return new Term(number, first, last, snapshot);
  }

  /** Whether the block at {@code height} fixes the next term's witness set (and commits it). */
  public boolean isSnapshot(long height) {
    requireHeight(height);
    return height > 0 && height % parameters.termBlocks() == 0;
  }

  /** The witness set producing {@code height}. */
  public WitnessSet witnessSet(
      long height, List<PublicKey> genesisWitnesses, CandidateHistory history, byte chainId) {
    return witnessSetOfTerm(termAt(height).number(), genesisWitnesses, history, chainId);
  }

  /**
   * The witness set of term {@code number}. An election without any eligible candidate keeps the
   * set of the term before, so the chain never runs out of producers.
   */
  public WitnessSet witnessSetOfTerm(
      long number, List<PublicKey> genesisWitnesses, CandidateHistory history, byte chainId) {
    for (long k = number; k > 0; k--) {
      long snapshot = term(k).snapshotHeight();
      List<PublicKey> elected =
          Election.elect(history.after(snapshot), parameters.witnessCount(), chainId, snapshot);
      if (!elected.isEmpty()) {
        return new WitnessSet(number, elected);
      }
    }
    return new WitnessSet(number, genesisWitnesses);
  }

  private static void requireHeight(long height) {
    if (height < 0) {
      throw new IllegalArgumentException("height " + height + " is negative");
    }
  }

  private static long saturatedMultiply(long a, long b) {
    return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
