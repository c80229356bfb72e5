package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.merkle.MerkleTree;
import io.stele.core.random.SeededRng;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The batch's Merkle root is built from leaf hashes the sequencer remembers per envelope; it must
 * stay the RFC 6962 root of the envelope bytes that stele-core's {@link MerkleTree} builds, and a
 * key holder's recomputation must agree with it for every size (odd tails, powers of two, empty).
 */
class SealedBatchTest {
  private static final List<SealedEnvelope> ENVELOPES = envelopes(70);

  private static List<SealedEnvelope> envelopes(int n) {
    SeededRng rng = new SeededRng(5);
    EpochKey.Deal deal = EpochKey.deal('T', 0, 2, 3, rng);
    OrderSealer sealer = new OrderSealer(KeyPair.generate(rng), deal.announcement(), rng, 0);
    List<SealedEnvelope> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sealer.seal(new byte[] {(byte) i, (byte) (i * 7)}));
    }
    return out;
  }

  @Property(tries = 71)
  void theRootIsTheRfc6962RootOfTheEnvelopeBytesAndHoldersRecomputeTheSameHash(
      @ForAll @IntRange(min = 0, max = 70) int size) {
    List<SealedEnvelope> envelopes = ENVELOPES.subList(0, size);
    List<byte[]> raw = new ArrayList<>();
    envelopes.forEach(e -> raw.add(e.bytes().toArray()));
    Bytes previous = Bytes.wrap(HashFunction.SHA256.hash(new byte[] {(byte) size}));

    SealedBatch batch = SealedBatch.seal(4, 0, previous, envelopes);

    byte[] root = MerkleTree.build(HashFunction.SHA256, raw).root();
    assertThat(batch.merkleRoot().toArray()).isEqualTo(root);
    assertThat(batch.hash().toArray())
        .isEqualTo(HashFunction.SHA256.hash(previous.toArray(), root));
    assertThat(batch.recomputedHash()).isEqualTo(batch.hash());
  }
}
