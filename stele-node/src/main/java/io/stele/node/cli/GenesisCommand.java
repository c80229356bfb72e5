package io.stele.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.clock.SystemClock;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SecureRng;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.node.config.Passphrases;
import io.stele.node.genesis.NewChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "genesis",
    mixinStandardHelpOptions = true,
    description = "Create genesis files.",
    subcommands = {GenesisCommand.New.class})
final class GenesisCommand {

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Create a genesis with fresh witness keys, each witness account funded.",
        "Writes the witness key files (witness-1.key, ...) into --keys-dir, encrypted with",
        "the passphrase from --passphrase-file, STELE_PASSPHRASE or a prompt."
      })
  static final class New implements Runnable {
    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Genesis file to write; never overwritten.")
    Path out;

    @Option(
        names = "--witnesses",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "Number of witnesses, 1 to 21 (default: ${DEFAULT-VALUE}; a solo node needs 1).")
    int witnesses;

    @Option(
        names = "--chain-id",
        paramLabel = "C",
        defaultValue = ChainIdConverter.DEVNET,
        converter = ChainIdConverter.class,
        description = "One ASCII character (default: ${DEFAULT-VALUE}).")
    byte chainId;

    @Option(
        names = "--keys-dir",
        paramLabel = "DIR",
        description = "Where the witness key files go (default: beside --out).")
    Path keysDir;

    @Option(
        names = "--passphrase-file",
        paramLabel = "FILE",
        description = "First line is the passphrase for the witness keys.")
    Path passphraseFile;

    @Option(
        names = "--fund",
        paramLabel = "ADDRESS=AMOUNT",
        description = "Also fund this account (minor units); repeatable.")
    Map<String, String> fund = new LinkedHashMap<>();

    @Option(
        names = "--block-interval",
        paramLabel = "MS",
        description = "Milliseconds between blocks (default: 1000).")
    Long blockIntervalMs;

    @Option(
        names = "--witness-seats",
        paramLabel = "N",
        description = "Seats in an elected witness set, 1 to 21 (default: 4; 1 for one witness).")
    Integer seats;

    @Option(
        names = "--term-blocks",
        paramLabel = "T",
        description = "Blocks per term (default: 100; no elections for one witness).")
    Long termBlocks;

    @Option(
        names = "--interim-blocks",
        paramLabel = "I",
        description = "Blocks between a snapshot and the term it elects (default: 10).")
    Long interimBlocks;

    @Option(
        names = "--min-block-interval",
        paramLabel = "MS",
        description = "t_w: the next witness in line waits this long (default: 200).")
    Long minBlockIntervalMs;

    @Option(
        names = "--producer-timeout",
        paramLabel = "MS",
        description = "t_o: time each witness gets before the next steps in (default: 1000).")
    Long producerTimeoutMs;

    @Option(
        names = "--ban-blocks",
        paramLabel = "B",
        description =
            "Blocks that included evidence keeps a witness out of elections (default: 1000).")
    Long banBlocks;

    @Mixin OutputOptions output;

    /** The defaults for this many witnesses with the options given; empty if none was. */
    private Optional<ConsensusParameters> consensus() {
      if (seats == null
          && termBlocks == null
          && interimBlocks == null
          && minBlockIntervalMs == null
          && producerTimeoutMs == null
          && banBlocks == null) {
        return Optional.empty();
      }
      ConsensusParameters d =
          witnesses == 1 ? ConsensusParameters.SOLO : ConsensusParameters.DEVNET;
      return Optional.of(
          new ConsensusParameters(
              seats != null ? seats : d.witnessCount(),
              termBlocks != null ? termBlocks : d.termBlocks(),
              interimBlocks != null ? interimBlocks : d.interimBlocks(),
              minBlockIntervalMs != null ? minBlockIntervalMs : d.minBlockIntervalMs(),
              producerTimeoutMs != null ? producerTimeoutMs : d.producerTimeoutMs(),
              banBlocks != null ? banBlocks : d.banBlocks()));
    }

    @Override
    public void run() {
      if (Files.exists(out)) {
        throw new SteleException(
            "genesis.exists", out + " already exists; refusing to overwrite it");
      }
      Map<Address, Long> balances = new LinkedHashMap<>();
      fund.forEach(
          (address, amount) ->
              balances.put(Address.fromBase58(address, chainId), Amounts.option("--fund", amount)));
      NewChain.Plan plan =
          new NewChain.Plan(
              chainId,
              witnesses,
              blockIntervalMs == null ? OptionalLong.empty() : OptionalLong.of(blockIntervalMs),
              balances,
              consensus());
      Path dir = keysDir != null ? keysDir : out.toAbsolutePath().getParent();
      char[] passphrase =
          Passphrases.resolve(Optional.ofNullable(passphraseFile), "the witness keys");
      NewChain chain;
      try {
        chain =
            NewChain.create(
                plan, dir, passphrase, KeyFile.Params.DEFAULT, new SecureRng(), new SystemClock());
      } finally {
        Arrays.fill(passphrase, '\0');
      }
      chain.genesis().write(out);
      ObjectNode result =
          output
              .object()
              .put("genesis", out.toString())
              .put("hash", chain.genesis().hash().toBase58());
      ArrayNode keys = result.putArray("witnessKeys");
      chain.witnessKeyFiles().forEach(file -> keys.add(file.toString()));
      output.print(result);
    }
  }
}
