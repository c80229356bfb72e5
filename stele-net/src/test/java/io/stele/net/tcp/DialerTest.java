package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import java.net.InetSocketAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DialerTest {
  private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 1);
  private final PublicKey peer = KeyPair.generate(new SeededRng(1)).publicKey();

  @Property
  void waitsDoubleUpToTheMaximumWithJitterInTheUpperHalf(@ForAll long seed) {
    Dialer dialer = new Dialer(address, null, 100, 1_000);
    SeededRng rng = new SeededRng(seed);
    long[] bounds = {100, 200, 400, 800, 1_000, 1_000};
    for (long bound : bounds) {
      assertThat(dialer.nextDelay(rng.nextLong())).isBetween(bound / 2, bound);
    }
  }

  @Test
  void aSuccessfulHandshakeStartsTheBackoffAgain() {
    Dialer dialer = new Dialer(address, null, 100, 1_000);
    for (int i = 0; i < 5; i++) {
      dialer.nextDelay(0);
    }
    dialer.connected(peer);
    assertThat(dialer.nextDelay(0)).isEqualTo(50);
  }

  @Test
  void parksWhileItsPeerIsConnectedOtherwiseAndResumesForThatPeerOnly() {
    Dialer dialer = new Dialer(address, null, 100, 1_000);
    assertThat(dialer.parkIfConnected(key -> true)).as("no peer known yet").isFalse();
    dialer.connected(peer);
    assertThat(dialer.parkIfConnected(key -> false)).isFalse();
    assertThat(dialer.parkIfConnected(peer::equals)).isTrue();
    PublicKey other = KeyPair.generate(new SeededRng(2)).publicKey();
    assertThat(dialer.unpark(other)).isFalse();
    assertThat(dialer.unpark(peer)).isTrue();
    assertThat(dialer.unpark(peer)).as("only once").isFalse();
  }
}
