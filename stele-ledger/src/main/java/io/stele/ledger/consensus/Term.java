package io.stele.ledger.consensus;

/**
 * A term: the heights {@code firstHeight..lastHeight} produced by one witness set, which the
 * candidates after block {@code snapshotHeight} elected (term 0 uses the genesis witnesses and has
 * snapshot height 0, the genesis block).
 */
public record Term(long number, long firstHeight, long lastHeight, long snapshotHeight) {

  public boolean contains(long height) {
    return height >= firstHeight && height <= lastHeight;
  }
}
