package io.stele.ledger.sync;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.sync.SyncMessages.CertifiedHeader;
import java.util.function.LongFunction;

/**
 * Whether a header from a peer is the final block that comes next: on this chain, one above its
 * parent and linked to it, signed by a witness of that height's set, committing to that set, and
 * finalized by a certificate of at least the threshold of distinct witnesses of that set. Nothing
 * here trusts the peer; every failure names what does not check out.
 */
public final class HeaderCheck {
  private final byte chainId;
  private final LongFunction<WitnessSet> witnessesAt;

  /**
   * @param witnessesAt the witness set in force at a height (the genesis set until terms exist)
   */
  public HeaderCheck(byte chainId, LongFunction<WitnessSet> witnessesAt) {
    this.chainId = chainId;
    this.witnessesAt = witnessesAt;
  }

  /** Checks {@code next} against its parent, given by height and hash. */
  public void verify(CertifiedHeader next, long parentHeight, Bytes parentHash) {
    BlockHeader h = next.header();
    if (h.chainId() != chainId) {
      throw new SteleException(
          "sync.chain", "header " + h.height() + " is for chain '" + (char) h.chainId() + "'");
    }
    if (h.height() != parentHeight + 1 || !h.parentHash().equals(parentHash)) {
      throw new SteleException(
          "sync.linkage",
          "header " + h.height() + " does not follow block " + parentHeight + " " + parentHash);
    }
    WitnessSet witnesses = witnessesAt.apply(h.height());
    if (!h.witnessSetHash().equals(witnesses.hash())) {
      throw new SteleException(
          "sync.witness_set", "header " + h.height() + " commits to another witness set");
    }
    if (!witnesses.contains(h.producer())) {
      throw new SteleException(
          "sync.producer", "header " + h.height() + " producer " + h.producer() + " is no witness");
    }
    if (!h.producer().verify(h.encode(), next.producerSignature().unsafeArray())) {
      throw new SteleException(
          "sync.signature", "header " + h.height() + " has a bad producer signature");
    }
    next.certificate().verify(h, witnesses);
  }
}
