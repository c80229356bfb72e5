package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FixSettingsTest {
  private static final PublicKey KEY = KeyPair.fromSeed(new byte[32]).publicKey();

  private static FixSettings settings(String compId, int port, List<FixCounterparty> clients) {
    return new FixSettings(compId, "127.0.0.1", port, 30, (byte) 'T', Optional.empty(), clients);
  }

  @Test
  void configurationMistakesAreRefusedWithWhatIsWrong() {
    FixCounterparty a = new FixCounterparty("A", KEY, 1);
    assertConfig(() -> settings("ST ELE", 0, List.of(a)), "CompID must be 1 to 32");
    assertConfig(() -> settings("STELE", 70000, List.of(a)), "port must be 0..65535");
    assertConfig(() -> settings("A", 0, List.of(a)), "CompID A is used twice");
    assertConfig(
        () -> settings("STELE", 0, List.of(a, new FixCounterparty("A", KEY, 2))),
        "CompID A is used twice");
    assertConfig(
        () -> settings("STELE", 0, List.of(a, new FixCounterparty("B", KEY, 1))),
        "account 1 has more than one FIX counterparty");
    assertConfig(() -> new FixCounterparty("B", KEY, 0), "needs a positive account");
    assertThat(settings("STELE", 0, List.of(a)).counterparties()).containsExactly(a);
  }

  private static void assertConfig(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("fix.config"))
        .hasMessageContaining(message);
  }
}
