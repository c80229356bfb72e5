package io.stele.api.fix;

import io.stele.core.error.SteleException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the FIX acceptor runs: the venue's own CompID, the address it listens on ({@code port} 0
 * takes a free port), the longest heartbeat interval a client may ask for, the chain id its logon
 * signatures name, where QuickFIX/J keeps its message store ({@code dataDir}/fix, or memory when
 * empty), and the counterparties allowed to log on.
 */
public record FixSettings(
    String compId,
    String host,
    int port,
    int maxHeartbeatSeconds,
    byte chainId,
    Optional<Path> dataDir,
    List<FixCounterparty> counterparties) {
  private static final Pattern COMP_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  public FixSettings {
    checkCompId(compId, "CompID");
    if (host == null || host.isBlank()) {
      throw new SteleException("fix.config", "host must name an address to listen on");
    }
    if (port < 0 || port > 65535) {
      throw new SteleException("fix.config", "port must be 0..65535, got " + port);
    }
    if (maxHeartbeatSeconds < 1 || maxHeartbeatSeconds > 3600) {
      throw new SteleException(
          "fix.config", "maxHeartbeatSeconds must be 1..3600, got " + maxHeartbeatSeconds);
    }
    counterparties = List.copyOf(counterparties);
    Set<String> ids = new HashSet<>();
    Set<Long> accounts = new HashSet<>();
    for (FixCounterparty c : counterparties) {
      if (c.compId().equals(compId) || !ids.add(c.compId())) {
        throw new SteleException("fix.config", "CompID " + c.compId() + " is used twice");
      }
      if (!accounts.add(c.account())) {
        throw new SteleException(
            "fix.config", "account " + c.account() + " has more than one FIX counterparty");
      }
    }
  }

  static void checkCompId(String value, String what) {
    if (value == null || !COMP_ID.matcher(value).matches()) {
      throw new SteleException(
          "fix.config", what + " must be 1 to 32 of A-Z a-z 0-9 . _ -, got \"" + value + "\"");
    }
  }
}
