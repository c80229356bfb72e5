package io.stele.node.devnet;

import io.stele.core.address.Address;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.Rng;
import io.stele.ledger.genesis.Genesis;
import io.stele.node.config.NodeConfig;
import io.stele.node.config.Passphrases;
import io.stele.node.exchange.ExchangeSettings;
import io.stele.node.genesis.NewChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A development network's files. The first start creates them; later starts reuse them, so the
 * chain carries on where it stopped:
 *
 * <pre>
 * DIR/passphrase            random passphrase of every devnet key (devnet only!)
 * DIR/keys/witness-N.key    witness keys
 * DIR/keys/faucet.key       a funded account for trying things out
 * DIR/genesis.json          written last: its presence means the setup is complete
 * DIR/witness-N/node.json   the node's config (as for stele node --config)
 * DIR/witness-N/chain/      the node's chain data
 * DIR/witness-N/chain-workflow/  the Live Contracts chains it takes part in, and its outbox
 * DIR/exchange.json         the demo exchange's markets and FIX port; witness-1 runs it (docs/exchange.md)
 * DIR/witness-N/chain-exchange/  the exchange's journal, snapshots, sealed batches and FIX store
 * DIR/devnet.json           the running nodes (see {@link DevnetManifest})
 * </pre>
 *
 * Each member is one witness node with its own config, so the devnet can run each member in its own
 * process as well as in this one.
 */
public final class Devnet {
  public static final byte CHAIN_ID = 'D';
  public static final long FAUCET_BALANCE = 1_000_000_000_000_000L;
  public static final int WITNESSES = 1;

  /** The devnet's FIX acceptor listens on the first API port plus this. */
  public static final int FIX_PORT_OFFSET = 100;

  /**
   * Devnet keys sit beside their passphrase file, so a costly key derivation would protect nothing
   * and only slow every start; 4 MiB and one pass keep the file format the same.
   */
  public static final KeyFile.Params KEY_COST = new KeyFile.Params(4 * 1024, 1, 1);

  /** One node of the devnet. */
  public record Member(String name, String role, NodeConfig config) {}

  private final Path dir;
  private final Genesis genesis;
  private final List<Member> members;

  private Devnet(Path dir, Genesis genesis, List<Member> members) {
    this.dir = dir;
    this.genesis = genesis;
    this.members = members;
  }

  /**
   * Creates the devnet's files in {@code dir} unless they exist; member N's API gets basePort+N-1.
   */
  public static Devnet prepare(Path dir, String host, int basePort, Rng rng, Clock clock) {
    Path genesisFile = dir.resolve("genesis.json");
    if (!Files.exists(genesisFile)) {
      create(dir, rng, clock);
    }
    Genesis genesis = Genesis.read(genesisFile);
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= genesis.witnesses().size(); i++) {
      String name = "witness-" + i;
      NodeConfig config =
          new NodeConfig(
              dir.resolve(name).resolve("chain"),
              genesisFile,
              dir.resolve("keys").resolve(name + ".key"),
              java.util.Optional.of(dir.resolve("passphrase")),
              host,
              basePort == 0 ? 0 : basePort + i - 1);
      if (!Files.exists(config.keyFile())) {
        throw new SteleException(
            "devnet.incomplete",
            config.keyFile() + " is missing; remove " + dir + " to start over");
      }
      if (i == 1) {
        config = config.withExchange(exchangeSettings(dir, host, basePort));
      }
      config.write(dir.resolve(name).resolve("node.json"));
      members.add(new Member(name, "witness", config));
    }
    return new Devnet(dir, genesis, List.copyOf(members));
  }

  private static void create(Path dir, Rng rng, Clock clock) {
    Path keys = dir.resolve("keys");
    if (Files.exists(keys)) {
      throw new SteleException(
          "devnet.incomplete",
          dir
              + " holds keys but no genesis.json (an interrupted first start?); remove it to start over");
    }
    char[] passphrase = writePassphrase(dir.resolve("passphrase"), rng);
    try {
      Files.createDirectories(keys);
      KeyPair faucet = KeyPair.generate(rng);
      KeyFile.write(keys.resolve("faucet.key"), faucet, passphrase, rng, KEY_COST, CHAIN_ID);
      NewChain.Plan plan =
          new NewChain.Plan(
              CHAIN_ID,
              WITNESSES,
              OptionalLong.empty(),
              Map.of(Address.of(faucet.publicKey(), CHAIN_ID), FAUCET_BALANCE));
      NewChain chain = NewChain.create(plan, keys, passphrase, KEY_COST, rng, clock);
      chain.genesis().write(dir.resolve("genesis.json"));
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot create " + keys + ": " + e, e);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /**
   * The demo exchange's settings (docs/exchange.md), written once, the faucet key funding it and
   * logging on to FIX at API port + {@value #FIX_PORT_OFFSET}.
   */
  private static Path exchangeSettings(Path dir, String host, int basePort) {
    Path file = dir.resolve("exchange.json");
    if (!Files.exists(file)) {
      char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
      try {
        KeyPair faucet = KeyFile.read(dir.resolve("keys").resolve("faucet.key"), passphrase);
        int fixPort = basePort == 0 ? 0 : basePort + FIX_PORT_OFFSET;
        ExchangeSettings.write(file, ExchangeSettings.devnet(faucet.publicKey(), host, fixPort));
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }
    return file;
  }

  /** A random passphrase in a file only its owner can read. */
  private static char[] writePassphrase(Path file, Rng rng) {
    byte[] random = new byte[24];
    rng.nextBytes(random);
    String text = io.stele.core.encoding.Base58.encode(random);
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text + "\n");
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot write " + file + ": " + e, e);
    }
    return Passphrases.fromFile(file);
  }

  public Path dir() {
    return dir;
  }

  public Genesis genesis() {
    return genesis;
  }

  public Path genesisFile() {
    return dir.resolve("genesis.json");
  }

  public List<Member> members() {
    return members;
  }
}
