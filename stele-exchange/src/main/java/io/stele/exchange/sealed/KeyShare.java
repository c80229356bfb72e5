package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;

/**
 * One key holder's share of an epoch private key: the evaluation point {@code index} (1 to 255) and
 * the polynomial's value there, one byte per secret byte.
 */
public record KeyShare(int index, Bytes value) {
  public KeyShare {
    if (index < 1 || index > 255) {
      throw new SteleException(
          "sealed.bad_share", "a share index is between 1 and 255, not " + index);
    }
  }
}
