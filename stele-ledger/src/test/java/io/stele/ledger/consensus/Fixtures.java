package io.stele.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared test values: keys named by a number, headers with chosen fields. */
final class Fixtures {
  static final byte CHAIN = 'T';
  static final Bytes ZERO = Bytes.wrap(new byte[32]);

  private Fixtures() {}

  /** A distinct 32-byte key per number (not a curve point; only signing tests need one). */
  static PublicKey key(int n) {
    return new PublicKey(Bytes.wrap(HashFunction.SHA256.hash(("key " + n).getBytes())));
  }

  static BlockHeader header(long height, long timestamp, PublicKey producer, Bytes txRoot) {
    return new BlockHeader(
        CHAIN, height, ZERO, timestamp, producer, txRoot, ZERO, ZERO, 0, ZERO, ZERO, 0);
  }

  static void failsWith(String code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }
}
