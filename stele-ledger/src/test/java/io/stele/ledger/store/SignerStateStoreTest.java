package io.stele.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.ledger.consensus.round.SigningState;
import io.stele.ledger.consensus.round.Step;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerStateStoreTest {

  @Test
  void aNewStoreIsEmptyAndASavedStateSurvivesReopening(@TempDir Path dir) {
    SigningState state =
        new SigningState(12, 3, Step.PRECOMMIT, Bytes.wrap(new byte[32]), -1, null, -1, null, null);
    try (SignerStateStore store = SignerStateStore.open(dir)) {
      assertThat(store.load()).isEmpty();
      store.save(state);
    }
    try (SignerStateStore store = SignerStateStore.open(dir)) {
      assertThat(store.load()).contains(state);
    }
  }
}
