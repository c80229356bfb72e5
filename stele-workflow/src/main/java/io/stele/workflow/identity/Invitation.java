package io.stele.workflow.identity;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.Rng;
import java.util.Map;

/**
 * An invitation to join a process (LTO paper §6.1). The inviting node registers the party's
 * identity with a fresh one-time sign key and hands the key's seed to the party out of band; on
 * joining, the party signs an identity event with that key which replaces it with its own keys, so
 * the one-time key signs exactly one event.
 *
 * @param identity the identity as registered by the inviter, signing with the one-time key only
 * @param oneTimeSeed the 32-byte seed of the one-time key, for the invited party only
 */
public record Invitation(Identity identity, Bytes oneTimeSeed) {
  /** Role under which the one-time key is listed. */
  public static final String ROLE = "invitation";

  /**
   * Invites identity {@code id}, reached at {@code node}, drawing the one-time key from {@code
   * rng}.
   */
  public static Invitation create(String id, String node, Rng rng) {
    byte[] seed = new byte[32];
    rng.nextBytes(seed);
    KeyPair key = KeyPair.fromSeed(seed);
    return new Invitation(
        new Identity(id, node, Map.of(ROLE, key.publicKey()), null), Bytes.of(seed));
  }

  /** The one-time key, to sign the joining identity event with. */
  public KeyPair oneTimeKey() {
    return KeyPair.fromSeed(oneTimeSeed.toArray());
  }
}
