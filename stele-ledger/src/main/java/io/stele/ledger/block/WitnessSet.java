package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.consensus.Quorum;
import java.util.List;

/**
 * The witnesses of a term, in their production order. Its hash (SHA-256 over {@code count u16},
 * then each 32-byte key in ascending unsigned byte order) is committed in every header. The hash
 * names who the witnesses are, not their order: an election that re-ranks the same witnesses (the
 * order follows from the state) leaves it unchanged, so a receipt from any term with the genesis
 * witnesses verifies against the genesis alone.
 */
public record WitnessSet(long term, List<PublicKey> witnesses) {
  public WitnessSet {
    witnesses = List.copyOf(witnesses);
  }

  /** Confirmations a block needs to be final: floor(2N/3) + 1, strictly more than two thirds. */
  public int threshold() {
    return Quorum.threshold(witnesses.size());
  }

  public boolean contains(PublicKey key) {
    return witnesses.contains(key);
  }

  public Bytes hash() {
    ByteWriter w = new ByteWriter(2 + 32 * witnesses.size()).u16(witnesses.size());
    witnesses.stream().map(PublicKey::bytes).sorted().forEach(key -> w.fixed(key.unsafeArray()));
    return Bytes.wrap(HashFunction.SHA256.hash(w.toByteArray()));
  }
}
