package io.stele.api.fix;

import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;

/**
 * A client allowed to log on: its SenderCompID, the Ed25519 key its Logon must be signed with, and
 * the exchange account its orders trade for.
 */
public record FixCounterparty(String compId, PublicKey key, long account) {
  public FixCounterparty {
    FixSettings.checkCompId(compId, "counterparty CompID");
    if (account <= 0) {
      throw new SteleException(
          "fix.config", "counterparty " + compId + " needs a positive account, got " + account);
    }
  }
}
