package io.stele.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.net.PeerScores.Offence;
import org.junit.jupiter.api.Test;

class PeerScoresTest {
  private final ManualClock clock = new ManualClock(1_000);
  private final PeerScores scores = new PeerScores(new PeerScores.Policy(-30, 500), clock);
  private final PublicKey peer = KeyPair.generate(new SeededRng(1)).publicKey();
  private final PublicKey other = KeyPair.generate(new SeededRng(2)).publicKey();

  @Test
  void offencesAddUpToABanThatEndsAfterItsDuration() {
    assertThat(scores.penalize(peer, Offence.INVALID_MESSAGE)).isFalse();
    assertThat(scores.penalize(peer, Offence.INVALID_MESSAGE)).isFalse();
    assertThat(scores.score(peer)).isEqualTo(-20);
    assertThat(scores.isBanned(peer)).isFalse();

    assertThat(scores.penalize(peer, Offence.INVALID_MESSAGE)).isTrue();
    assertThat(scores.isBanned(peer)).isTrue();
    assertThat(scores.bannedUntil(peer)).isEqualTo(1_500);
    assertThat(scores.isBanned(other)).isFalse();

    clock.set(1_499);
    assertThat(scores.isBanned(peer)).isTrue();
    clock.set(1_500);
    assertThat(scores.isBanned(peer)).isFalse();
    assertThat(scores.score(peer)).isZero();
  }

  @Test
  void offencesWeighDifferently() {
    scores.penalize(peer, Offence.MALFORMED_FRAME);
    assertThat(scores.score(peer)).isEqualTo(-25);
    assertThat(scores.penalize(other, Offence.OVERSIZED_FRAME)).isTrue();
  }

  @Test
  void goodMessagesEarnPointsBackUpToZero() {
    scores.penalize(peer, Offence.INVALID_MESSAGE);
    scores.reward(peer);
    scores.reward(peer);
    assertThat(scores.score(peer)).isEqualTo(-8);
    for (int i = 0; i < 20; i++) {
      scores.reward(peer);
    }
    assertThat(scores.score(peer)).isZero();
    scores.reward(other);
    assertThat(scores.score(other)).isZero();
  }

  @Test
  void offencesDuringABanDoNotExtendIt() {
    assertThat(scores.penalize(peer, Offence.OVERSIZED_FRAME)).isTrue();
    clock.set(1_200);
    assertThat(scores.penalize(peer, Offence.OVERSIZED_FRAME)).isFalse();
    assertThat(scores.bannedUntil(peer)).isEqualTo(1_500);
  }
}
