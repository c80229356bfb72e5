package io.stele.node.genesis;

import io.stele.core.address.Address;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.Rng;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A new chain: a genesis with fresh witness keys, whose key files are written encrypted to {@code
 * keysDir/witness-N.key} before anything else, so a genesis never names keys that were lost.
 */
public record NewChain(Genesis genesis, List<Path> witnessKeyFiles) {

  /**
   * What the new chain should look like. Without {@code consensus}, the devnet defaults for the
   * number of witnesses ({@link Genesis#devnet}).
   */
  public record Plan(
      byte chainId,
      int witnesses,
      OptionalLong blockIntervalMs,
      Map<Address, Long> balances,
      Optional<ConsensusParameters> consensus) {

    public Plan(
        byte chainId, int witnesses, OptionalLong blockIntervalMs, Map<Address, Long> balances) {
      this(chainId, witnesses, blockIntervalMs, balances, Optional.empty());
    }
  }

  public static NewChain create(
      Plan plan, Path keysDir, char[] passphrase, KeyFile.Params cost, Rng rng, Clock clock) {
    Genesis.Devnet devnet = Genesis.devnet(plan.chainId(), plan.witnesses(), clock.millis(), rng);
    Genesis genesis = withInterval(devnet.genesis(), plan.blockIntervalMs());
    if (plan.consensus().isPresent()) {
      genesis = genesis.withParameters(genesis.parameters().withConsensus(plan.consensus().get()));
    }
    genesis = genesis.withBalances(plan.balances());
    try {
      Files.createDirectories(keysDir);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot create " + keysDir + ": " + e, e);
    }
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < devnet.witnessKeys().size(); i++) {
      Path file = keysDir.resolve("witness-" + (i + 1) + ".key");
      KeyPair key = devnet.witnessKeys().get(i);
      KeyFile.write(file, key, passphrase, rng, cost, plan.chainId());
      key.destroy();
      files.add(file);
    }
    return new NewChain(genesis, List.copyOf(files));
  }

  private static Genesis withInterval(Genesis genesis, OptionalLong blockIntervalMs) {
    if (blockIntervalMs.isEmpty()) {
      return genesis;
    }
    Parameters p = genesis.parameters();
    return genesis.withParameters(
        new Parameters(
            blockIntervalMs.getAsLong(),
            p.fees(),
            p.candidateDeposit(),
            p.maxBlockTransactions(),
            p.maxAnchorsPerTransaction(),
            p.maxTransactionBytes(),
            p.maxTimestampDriftMs(),
            p.consensus()));
  }
}
