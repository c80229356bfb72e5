package io.stele.ledger.state;

import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.PublicKey;

/** A witness candidate: its deposit and the stake voted for it, in minor units. */
public record Candidate(PublicKey key, long deposit, long votes) {

  /** Ranking weight: deposit plus votes. */
  public long weight() {
    return Math.addExact(deposit, votes);
  }

  byte[] encode() {
    return new ByteWriter(16).i64(deposit).i64(votes).toByteArray();
  }

  static Candidate decode(PublicKey key, byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    Candidate candidate = new Candidate(key, r.u63("deposit"), r.u63("votes"));
    r.end("candidate");
    return candidate;
  }
}
