package io.stele.ledger.consensus;

import io.stele.core.error.SteleException;
import io.stele.ledger.block.WitnessSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence waiting to be included in a block: verified on the way in, one piece per offence (a
 * witness is punished once per height however it equivocated), bounded. Not thread-safe; the
 * consensus engine's thread owns it.
 */
public final class EvidencePool {
  private final int capacity;
  private final Map<Offence, Evidence> pending = new LinkedHashMap<>();

  public EvidencePool(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is below 1");
    }
    this.capacity = capacity;
  }

  /**
   * Verifies {@code evidence} against {@code witnesses} (the set of its height) and keeps it unless
   * its offence is already pending. Returns whether it was added.
   */
  public boolean add(Evidence evidence, byte chainId, WitnessSet witnesses) {
    evidence.verify(chainId, witnesses);
    if (pending.containsKey(evidence.offence())) {
      return false;
    }
    if (pending.size() >= capacity) {
      throw new SteleException(
          "evidence.pool_full", "already " + capacity + " pieces of evidence pending");
    }
    pending.put(evidence.offence(), evidence);
    return true;
  }

  /** Pending evidence in the order it arrived. */
  public List<Evidence> pending() {
    return List.copyOf(pending.values());
  }

  /** Drops the offences a final block included (or that were punished otherwise). */
  public void remove(Collection<Offence> offences) {
    offences.forEach(pending::remove);
  }

  public int size() {
    return pending.size();
  }
}
