package io.stele.ledger.receipt;

import io.stele.core.bytes.Bytes;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.TermSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * The witness-set changes of a final chain, for the receipts it issues: which terms elected a set
 * whose members differ from the term before (a re-ranked set is no change: the set hash ignores
 * order), found once per term, and the links (see {@link WitnessSetChange}) a receipt of a given
 * height carries, read once per change and remembered (one header, certificate and set each). A
 * term's set takes effect after the interim, so a receipt from the interim after a snapshot does
 * not carry that snapshot's link.
 */
public final class WitnessSetChanges {

  /** The final chain the changes are read from. */
  public interface Chain {
    /** The set of {@code term}, which the chain has elected. */
    WitnessSet witnessSetOfTerm(long term);

    /** The header of the final block at {@code height}. */
    BlockHeader header(long height);

    /** The finality certificate of the block at {@code height}. */
    FinalityCertificate certificate(long height);
  }

  private final TermSchedule schedule;
  private final Chain chain;

  /** The link of each term whose set has other members than the term before, ascending. */
  private final List<WitnessSetChange> changes = new ArrayList<>();

  private long scannedTerms;
  private Bytes lastHash;

  /** The links of the term asked last: the receipts of one block, and of its term, share them. */
  private long cachedTerm = -1;

  private List<WitnessSetChange> cachedLinks = List.of();

  public WitnessSetChanges(TermSchedule schedule, Chain chain) {
    this.schedule = schedule;
    this.chain = chain;
  }

  /**
   * The links from the genesis set to the set producing {@code height}, in height order: one for
   * each election up to its term that changed the members; none on a chain that never changed them.
   * The block at {@code height} must be final.
   */
  public synchronized List<WitnessSetChange> proofFor(long height) {
    long term = schedule.termAt(height).number();
    if (term == 0) {
      return List.of();
    }
    if (term == cachedTerm) {
      return cachedLinks;
    }
    scanThrough(term);
    List<WitnessSetChange> links = new ArrayList<>();
    for (WitnessSetChange change : changes) {
      if (change.elected().term() > term) {
        break;
      }
      links.add(change);
    }
    cachedTerm = term;
    cachedLinks = List.copyOf(links);
    return cachedLinks;
  }

  private void scanThrough(long term) {
    if (lastHash == null) {
      lastHash = chain.witnessSetOfTerm(0).hash();
    }
    while (scannedTerms < term) {
      long next = scannedTerms + 1;
      WitnessSet elected = chain.witnessSetOfTerm(next);
      Bytes hash = elected.hash();
      if (!hash.equals(lastHash)) {
        long snapshot = schedule.term(next).snapshotHeight();
        changes.add(
            new WitnessSetChange(chain.header(snapshot), chain.certificate(snapshot), elected));
      }
      lastHash = hash;
      scannedTerms = next;
    }
  }
}
