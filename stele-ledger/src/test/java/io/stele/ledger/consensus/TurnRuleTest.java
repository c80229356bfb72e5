package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.ZERO;
import static io.stele.ledger.consensus.Fixtures.failsWith;
import static io.stele.ledger.consensus.Fixtures.header;
import static io.stele.ledger.consensus.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnRuleTest {
  // Four witnesses, t_w = 1000, t_o = 3000; the parent at t = 10000 was made by witness 1.
  private final WitnessSet witnesses = new WitnessSet(0, List.of(key(0), key(1), key(2), key(3)));
  private final TurnRule rule = new TurnRule(new Countdown(1000, 3000));
  private final BlockHeader parent = header(5, 10_000, key(1), ZERO);

  private void valid(int producer, long timestamp, long now) {
    BlockHeader block = header(6, timestamp, key(producer), ZERO);
    assertThatNoException().isThrownBy(() -> rule.check(parent, block, witnesses, now));
  }

  private void invalid(String code, PublicKey producer, long timestamp, long now) {
    BlockHeader block = header(6, timestamp, producer, ZERO);
    failsWith(code, () -> rule.check(parent, block, witnesses, now));
  }

  @Test
  void nextInLineMayProduceAfterTheMinimumInterval() {
    valid(2, 11_000, 11_000);
    invalid("turn.early", key(2), 10_999, 11_000);
  }

  @Test
  void theWitnessAfterThatMustWaitOneTimeout() {
    valid(3, 13_000, 13_000);
    invalid("turn.early", key(3), 12_999, 13_000);
  }

  @Test
  void theParentsProducerWaitsForAllOthers() {
    // (4 - 1) * 3000 = 9000 after its own block.
    valid(1, 19_000, 19_000);
    invalid("turn.early", key(1), 18_999, 19_000);
  }

  @Test
  void aProducerOutsideTheSetIsRefused() {
    invalid("turn.producer", key(9), 30_000, 30_000);
  }

  @Test
  void theTimestampMustBeAfterTheParentsAndAtMostOneSecondAhead() {
    invalid("turn.timestamp", key(2), 10_000, 20_000);
    valid(2, 12_000, 11_000);
    invalid("turn.future", key(2), 12_001, 11_000);
  }

  @Test
  void afterAParentByNoWitnessOfTheSetTheFirstWitnessIsNext() {
    BlockHeader genesis = header(0, 10_000, new PublicKey(ZERO), ZERO);
    BlockHeader first = header(1, 11_000, key(0), ZERO);
    assertThatNoException().isThrownBy(() -> rule.check(genesis, first, witnesses, 11_000));
    BlockHeader second = header(1, 11_000, key(1), ZERO);
    failsWith("turn.early", () -> rule.check(genesis, second, witnesses, 11_000));
  }
}
