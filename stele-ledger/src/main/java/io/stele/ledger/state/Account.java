package io.stele.ledger.state;

import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;

/**
 * An account's state: spendable balance, the nonce its next transaction must carry, and the amount
 * it has locked as candidate deposit or votes. All in minor units.
 */
public record Account(long balance, long nonce, long staked) {
  public static final Account EMPTY = new Account(0, 0, 0);

  byte[] encode() {
    return new ByteWriter(24).i64(balance).i64(nonce).i64(staked).toByteArray();
  }

  static Account decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    Account account = new Account(r.u63("balance"), r.u63("nonce"), r.u63("staked"));
    r.end("account");
    return account;
  }
}
