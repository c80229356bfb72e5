package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.failsWith;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;

class ConsensusParametersTest {

  @Test
  void acceptsTheBounds() {
    assertThatNoException().isThrownBy(() -> new ConsensusParameters(1, 1, 0, 1, 1, 1));
    assertThatNoException()
        .isThrownBy(() -> new ConsensusParameters(21, 100, 99, 3_600_000, 3_600_000, 1));
  }

  @Test
  void refusesEachValueOutsideItsRange() {
    String code = "consensus.parameters";
    failsWith(code, () -> new ConsensusParameters(0, 10, 1, 1000, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(22, 10, 1, 1000, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(3, 0, 0, 1000, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(3, 10, 10, 1000, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(3, 10, -1, 1000, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(3, 10, 1, 0, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(3, 10, 1, 3001, 3000, 10));
    failsWith(code, () -> new ConsensusParameters(3, 10, 1, 1000, 3_600_001, 10));
    failsWith(code, () -> new ConsensusParameters(3, 10, 1, 1000, 3000, 0));
  }
}
