package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.CHAIN;
import static io.stele.ledger.consensus.Fixtures.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.WitnessSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidencePoolTest {
  private final WitnessSet witnesses = EvidenceTest.witnesses();

  @Test
  void keepsOnePiecePerOffenceInArrivalOrderUntilIncluded() {
    EvidencePool pool = new EvidencePool(4);
    Evidence blocks = EvidenceTest.doubleBlock();
    Evidence votes = EvidenceTest.doubleConfirmation();
    assertThat(pool.add(blocks, CHAIN, witnesses)).isTrue();
    // the same witness at the same height: the same offence, whatever the evidence
    assertThat(pool.add(votes, CHAIN, witnesses)).isFalse();
    assertThat(pool.pending()).containsExactly(blocks);
    pool.remove(List.of(blocks.offence()));
    assertThat(pool.pending()).isEmpty();
  }

  @Test
  void refusesEvidenceThatDoesNotVerifyAndStaysBounded() {
    EvidencePool pool = new EvidencePool(1);
    failsWith("evidence.chain", () -> pool.add(EvidenceTest.doubleBlock(), (byte) 'U', witnesses));
    assertThat(pool.size()).isZero();
    pool.add(EvidenceTest.doubleBlock(), CHAIN, witnesses);
    failsWith("evidence.pool_full", () -> pool.add(atHeight(10), CHAIN, witnesses));
    assertThat(pool.size()).isEqualTo(1);
  }

  private static Evidence atHeight(long height) {
    KeyPair offender = EvidenceTest.offender();
    Bytes a = Bytes.wrap(new byte[32]);
    Bytes b = Bytes.wrap(HashFunction.SHA256.hash(new byte[] {1}));
    return DoubleConfirmation.of(
        VoteType.PRECOMMIT,
        CHAIN,
        height,
        0,
        a,
        Confirmation.sign(offender, CHAIN, height, 0, a),
        b,
        Confirmation.sign(offender, CHAIN, height, 0, b));
  }
}
