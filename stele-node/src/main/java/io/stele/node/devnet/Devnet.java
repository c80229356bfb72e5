package io.stele.node.devnet;

import io.stele.core.address.Address;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.Rng;
import io.stele.exchange.sealed.HolderKey;
import io.stele.exchange.venue.VenueConfig;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.WitnessNode;
import io.stele.node.config.NodeConfig;
import io.stele.node.config.P2pConfig;
import io.stele.node.config.Passphrases;
import io.stele.node.custody.CustodySettings;
import io.stele.node.exchange.ExchangeSettings;
import io.stele.node.genesis.NewChain;
import io.stele.node.run.NodeLauncher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A development network's files. The first start creates them; later starts reuse them, so the
 * chain carries on where it stopped:
 *
 * <pre>
 * DIR/passphrase            random passphrase of every devnet key (devnet only!)
 * DIR/keys/witness-N.key    witness keys
 * DIR/keys/follower-N.key   follower node keys (created when a start asks for followers)
 * DIR/keys/faucet.key       a funded account for trying things out
 * DIR/genesis.json          written last: its presence means the setup is complete
 * DIR/MEMBER/node.json      each member's config (as for stele node --config), MEMBER being
 *                           witness-N or follower-N
 * DIR/MEMBER/chain/         the member's chain data
 * DIR/witness-N/chain-signer/  what the witness signed (chains with several witnesses)
 * DIR/MEMBER/node.log       what the member's process printed
 * DIR/witness-N/chain-workflow/  the Live Contracts chains it takes part in, and its outbox
 * DIR/exchange.json         the demo exchange's markets and FIX port; witness-1 runs it (docs/exchange.md)
 * DIR/witness-N/chain-exchange/  the exchange's journal, snapshots, sealed batches and FIX store
 * DIR/devnet.json           the running nodes (see {@link DevnetManifest})
 * </pre>
 *
 * Each member is one node with its own config: the witnesses first, then the followers. Member i
 * (from 0) has its API on {@code basePort + i} and meets its peers on {@code p2pBasePort + i};
 * every member dials every other one, pinned to its key. The devnet runs each member as its own
 * process ({@link DevnetProcesses}).
 */
public final class Devnet {
  public static final byte CHAIN_ID = 'D';
  public static final long FAUCET_BALANCE = 1_000_000_000_000_000L;

  /** Witnesses of a chain {@link #prepare} creates when not told how many. */
  public static final int WITNESSES = 1;

  /** The devnet's FIX acceptor listens on the first API port plus this. */
  public static final int FIX_PORT_OFFSET = 100;

  /**
   * Devnet keys sit beside their passphrase file, so a costly key derivation would protect nothing
   * and only slow every start; 4 MiB and one pass keep the file format the same.
   */
  public static final KeyFile.Params KEY_COST = new KeyFile.Params(4 * 1024, 1, 1);

  /** A devnet of at least this many witnesses runs the key service and holders apart. */
  public static final int CUSTODY_WITNESSES = 4;

  private static final int KEY_HOLDERS = 3;

  public static final String WITNESS = "witness";
  public static final String FOLLOWER = "follower";

  /** One node of the devnet: its name, role, config and node key. */
  public record Member(String name, String role, NodeConfig config, PublicKey key) {
    /** Where its peers reach it, {@code host:port}. */
    public String p2pAddress() {
      return config.p2p().map(p -> p.host() + ":" + p.port()).orElse("");
    }
  }

  private final Path dir;
  private final Genesis genesis;
  private final List<Member> members;

  private Devnet(Path dir, Genesis genesis, List<Member> members) {
    this.dir = dir;
    this.genesis = genesis;
    this.members = members;
  }

  /**
   * Creates the devnet's files in {@code dir} unless they exist, for its witnesses alone; member
   * N's API gets basePort+N-1 (0: any free port) and no peers.
   */
  public static Devnet prepare(Path dir, String host, int basePort, Rng rng, Clock clock) {
    return prepare(dir, host, basePort, 0, 0, rng, clock);
  }

  /**
   * Creates the devnet's files in {@code dir} unless they exist, with {@code followers} followers
   * (their keys are created when missing), and writes every member's config with its peers: member
   * i's API on {@code basePort + i}, its peer port {@code p2pBasePort + i} (0: no peers).
   */
  public static Devnet prepare(
      Path dir, String host, int basePort, int p2pBasePort, int followers, Rng rng, Clock clock) {
    return prepare(dir, host, basePort, p2pBasePort, WITNESSES, followers, rng, clock);
  }

  /**
   * As {@link #prepare(Path, String, int, int, int, Rng, Clock)}, for a new chain of {@code
   * witnesses} witnesses (an existing one keeps its own). The witnesses of a new chain with several
   * get a signing store that says they signed nothing yet.
   */
  public static Devnet prepare(
      Path dir,
      String host,
      int basePort,
      int p2pBasePort,
      int witnessCount,
      int followers,
      Rng rng,
      Clock clock) {
    Path genesisFile = dir.resolve("genesis.json");
    boolean created = false;
    if (!Files.exists(genesisFile)) {
      create(dir, witnessCount, rng, clock);
      created = true;
    }
    Genesis genesis = Genesis.read(genesisFile);
    char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
    try {
      int witnesses = genesis.witnesses().size();
      List<Member> members = new ArrayList<>();
      for (int i = 0; i < witnesses + followers; i++) {
        boolean witness = i < witnesses;
        String name = witness ? WITNESS + "-" + (i + 1) : FOLLOWER + "-" + (i - witnesses + 1);
        NodeConfig config =
            new NodeConfig(
                dir.resolve(name).resolve("chain"),
                genesisFile,
                dir.resolve("keys").resolve(name + ".key"),
                Optional.of(dir.resolve("passphrase")),
                host,
                basePort == 0 ? 0 : basePort + i);
        PublicKey key =
            witness ? genesis.witnesses().get(i) : followerKey(config.keyFile(), passphrase, rng);
        if (witness && !Files.exists(config.keyFile())) {
          throw new SteleException(
              "devnet.incomplete",
              config.keyFile() + " is missing; remove " + dir + " to start over");
        }
        if (i == 0) {
          config = config.withExchange(exchangeSettings(dir, host, basePort));
        }
        members.add(new Member(name, witness ? WITNESS : FOLLOWER, config, key));
      }
      if (witnesses >= CUSTODY_WITNESSES && basePort != 0) {
        members = withCustody(members, host, basePort, passphrase);
      }
      if (created && witnesses > 1) {
        members.stream()
            .filter(m -> m.role().equals(WITNESS))
            .forEach(m -> WitnessNode.prepareSigner(NodeLauncher.signerDir(m.config())));
      }
      Devnet devnet = new Devnet(dir, genesis, peered(members, host, p2pBasePort));
      devnet.members.forEach(m -> m.config().write(dir.resolve(m.name()).resolve("node.json")));
      return devnet;
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /**
   * Splits the custody of the sealed market's epoch keys over four processes: witness-2 runs the
   * key service and key holder 1, witness-3 holder 2, witness-4 holder 3, and the venue on
   * witness-1 takes its epochs from them (docs/sealed-batches.md#custody).
   */
  private static List<Member> withCustody(
      List<Member> members, String host, int basePort, char[] passphrase) {
    URI venue = URI.create("http://" + host + ":" + basePort);
    List<CustodySettings.Holder> holders = new ArrayList<>();
    for (int i = 1; i <= KEY_HOLDERS; i++) {
      KeyPair key = KeyFile.read(members.get(i).config().keyFile(), passphrase);
      holders.add(
          new CustodySettings.Holder(
              URI.create("http://" + host + ":" + (basePort + i)),
              HolderKey.of(key, CHAIN_ID).publicKey()));
    }
    PublicKey keyService = members.get(1).key();
    // The split follows the exchange's own settings, which a user may have edited.
    VenueConfig exchange =
        ExchangeSettings.read(members.get(0).config().exchange().get(), CHAIN_ID);
    if (exchange.keyHolders() != KEY_HOLDERS) {
      throw new SteleException(
          "devnet.custody",
          "the devnet runs "
              + KEY_HOLDERS
              + " key holders; exchange.json asks for "
              + exchange.keyHolders());
    }
    CustodySettings.KeyHolder holding =
        new CustodySettings.KeyHolder(venue, keyService, exchange.sealing().batchesPerEpoch());
    List<Member> out = new ArrayList<>(members);
    out.set(
        0,
        with(
            members.get(0),
            CustodySettings.NONE.withVenue(
                new CustodySettings.Venue(
                    holders.get(0).url(),
                    keyService,
                    holders.stream().map(CustodySettings.Holder::url).toList()))));
    out.set(
        1,
        with(
            members.get(1),
            CustodySettings.NONE
                .withKeyService(new CustodySettings.KeyService(exchange.threshold(), holders))
                .withKeyHolder(holding)));
    for (int i = 2; i <= KEY_HOLDERS; i++) {
      out.set(i, with(members.get(i), CustodySettings.NONE.withKeyHolder(holding)));
    }
    return out;
  }

  private static Member with(Member m, CustodySettings custody) {
    return new Member(m.name(), m.role(), m.config().withCustody(custody), m.key());
  }

  /** Every member listens on its own port and dials all the others, pinned to their keys. */
  private static List<Member> peered(List<Member> members, String host, int p2pBasePort) {
    if (p2pBasePort == 0) {
      return List.copyOf(members);
    }
    List<Member> out = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      List<P2pConfig.Peer> peers = new ArrayList<>();
      for (int j = 0; j < members.size(); j++) {
        if (j != i) {
          peers.add(new P2pConfig.Peer(Optional.of(members.get(j).key()), host, p2pBasePort + j));
        }
      }
      Member m = members.get(i);
      out.add(
          new Member(
              m.name(),
              m.role(),
              m.config().withP2p(P2pConfig.of(host, p2pBasePort + i, peers)),
              m.key()));
    }
    return List.copyOf(out);
  }

  /** A follower's node key: read from its file, or created there on the first start. */
  private static PublicKey followerKey(Path file, char[] passphrase, Rng rng) {
    if (Files.exists(file)) {
      return KeyFile.read(file, passphrase).publicKey();
    }
    KeyPair key = KeyPair.generate(rng);
    KeyFile.write(file, key, passphrase, rng, KEY_COST, CHAIN_ID);
    return key.publicKey();
  }

  private static void create(Path dir, int witnesses, Rng rng, Clock clock) {
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
              witnesses,
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
        // 0: any free port, when the API ports are chosen that way or there is no room above them
        int fixPort =
            basePort == 0 || basePort + FIX_PORT_OFFSET > 65535 ? 0 : basePort + FIX_PORT_OFFSET;
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
