package io.stele.node.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.address.Address;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.exchange.sealed.HolderKey;
import io.stele.node.config.NodeConfig;
import io.stele.node.config.P2pConfig;
import io.stele.node.config.Passphrases;
import io.stele.node.custody.CustodySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevnetTest {
  @TempDir Path dir;

  @Test
  void firstStartCreatesLaterStartsReuse() throws Exception {
    Devnet first = Devnet.prepare(dir, "127.0.0.1", 9100, new SeededRng(1), new ManualClock(5));
    Devnet second = Devnet.prepare(dir, "127.0.0.1", 9200, new SeededRng(2), new ManualClock(6));

    assertThat(second.genesis().hash()).isEqualTo(first.genesis().hash());
    assertThat(first.genesis().chainId()).isEqualTo((byte) 'D');
    assertThat(second.members()).hasSize(1);
    NodeConfig config = NodeConfig.read(dir.resolve("witness-1/node.json"));
    assertThat(config.apiPort()).isEqualTo(9200);
    assertThat(config.dataDir()).isEqualTo(dir.resolve("witness-1/chain").toAbsolutePath());

    char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
    KeyPair witness = KeyFile.read(config.keyFile(), passphrase);
    assertThat(first.genesis().witnesses()).containsExactly(witness.publicKey());
    KeyPair faucet = KeyFile.read(dir.resolve("keys/faucet.key"), passphrase);
    assertThat(first.genesis().balances())
        .containsEntry(Address.of(faucet.publicKey(), (byte) 'D'), Devnet.FAUCET_BALANCE);
    assertThat(Files.getPosixFilePermissions(dir.resolve("passphrase")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void anInterruptedFirstStartIsReportedNotPatched() throws Exception {
    Files.createDirectories(dir.resolve("keys"));
    assertThatThrownBy(
            () -> Devnet.prepare(dir, "127.0.0.1", 0, new SeededRng(1), new ManualClock(0)))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("remove it to start over")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("devnet.incomplete");
  }

  @Test
  void manifestListsTheNodesAndIsRemovedOnShutdown() throws Exception {
    Path written =
        DevnetManifest.write(
            dir,
            "D",
            dir.resolve("genesis.json"),
            List.of(
                new DevnetManifest.Entry(
                    "witness-1", 4242, "http://127.0.0.1:8080", "witness", dir.resolve("chain"))));
    JsonNode manifest = new ObjectMapper().readTree(written.toFile());
    JsonNode node = manifest.path("nodes").get(0);
    assertThat(node.path("pid").asLong()).isEqualTo(4242);
    assertThat(node.path("apiUrl").asText()).isEqualTo("http://127.0.0.1:8080");
    assertThat(node.path("role").asText()).isEqualTo("witness");
    assertThat(manifest.path("chainId").asText()).isEqualTo("D");
    DevnetManifest.remove(dir);
    assertThat(written).doesNotExist();
  }

  @Test
  void followersGetTheirOwnKeysAndEveryMemberDialsTheOthersPinnedToTheirKeys() throws Exception {
    Devnet devnet =
        Devnet.prepare(dir, "127.0.0.1", 9100, 9500, 2, new SeededRng(1), new ManualClock(5));
    assertThat(devnet.members().stream().map(m -> m.name() + "/" + m.role()))
        .containsExactly("witness-1/witness", "follower-1/follower", "follower-2/follower");
    char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
    KeyPair follower = KeyFile.read(dir.resolve("keys/follower-2.key"), passphrase);
    assertThat(devnet.members().get(2).key()).isEqualTo(follower.publicKey());
    assertThat(devnet.genesis().witnesses()).doesNotContain(follower.publicKey());

    NodeConfig config = NodeConfig.read(dir.resolve("follower-2/node.json"));
    assertThat(config.apiPort()).isEqualTo(9102);
    P2pConfig p2p = config.p2p().orElseThrow();
    assertThat(p2p.port()).isEqualTo(9502);
    assertThat(p2p.peers())
        .containsExactly(
            new P2pConfig.Peer(Optional.of(devnet.genesis().witnesses().get(0)), "127.0.0.1", 9500),
            new P2pConfig.Peer(Optional.of(devnet.members().get(1).key()), "127.0.0.1", 9501));
    assertThat(devnet.members().get(0).p2pAddress()).isEqualTo("127.0.0.1:9500");

    Devnet again =
        Devnet.prepare(dir, "127.0.0.1", 9100, 9500, 2, new SeededRng(2), new ManualClock(6));
    assertThat(again.members().get(2).key()).isEqualTo(follower.publicKey());
  }

  @Test
  void fourWitnessesSplitTheCustodyOfTheSealedMarketsKeysOverWitnessesTwoToFour() {
    Devnet devnet =
        Devnet.prepare(dir, "127.0.0.1", 9100, 9500, 4, 0, new SeededRng(1), new ManualClock(5));
    char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
    List<NodeConfig> configs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      configs.add(NodeConfig.read(dir.resolve("witness-" + i + "/node.json")));
    }
    PublicKey keyService = devnet.genesis().witnesses().get(1);
    List<URI> holders =
        List.of(
            URI.create("http://127.0.0.1:9101"),
            URI.create("http://127.0.0.1:9102"),
            URI.create("http://127.0.0.1:9103"));

    CustodySettings venue = configs.get(0).custody();
    assertThat(venue.venue())
        .contains(new CustodySettings.Venue(holders.get(0), keyService, holders));
    assertThat(venue.keyService()).isEmpty();
    assertThat(venue.keyHolder()).isEmpty();

    CustodySettings dealer = configs.get(1).custody();
    List<CustodySettings.Holder> dealt = dealer.keyService().orElseThrow().holders();
    assertThat(dealer.keyService().orElseThrow().threshold()).isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      KeyPair witness = KeyFile.read(dir.resolve("keys/witness-" + (i + 2) + ".key"), passphrase);
      assertThat(dealt.get(i))
          .isEqualTo(
              new CustodySettings.Holder(
                  holders.get(i), HolderKey.of(witness, Devnet.CHAIN_ID).publicKey()));
      assertThat(configs.get(i + 1).custody().keyHolder())
          .contains(
              new CustodySettings.KeyHolder(URI.create("http://127.0.0.1:9100"), keyService, 1));
    }
    assertThat(configs.get(2).custody().keyService()).isEmpty();

    // with ports chosen at random the members cannot name each other: the venue keeps its holders
    Devnet.prepare(dir, "127.0.0.1", 0, 9500, 4, 0, new SeededRng(1), new ManualClock(5));
    assertThat(NodeConfig.read(dir.resolve("witness-1/node.json")).custody())
        .isEqualTo(CustodySettings.NONE);
  }

  @Test
  void theManifestNamesEachMembersPeerAddress() throws Exception {
    Path written =
        DevnetManifest.write(
            dir,
            "D",
            dir.resolve("genesis.json"),
            List.of(
                new DevnetManifest.Entry(
                    "follower-1",
                    4243,
                    "http://127.0.0.1:8081",
                    "follower",
                    dir.resolve("f"),
                    "127.0.0.1:9081")));
    JsonNode node = new ObjectMapper().readTree(written.toFile()).path("nodes").get(0);
    assertThat(node.path("role").asText()).isEqualTo("follower");
    assertThat(node.path("p2p").asText()).isEqualTo("127.0.0.1:9081");
  }
}
