package io.stele.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir Path dir;

  @Test
  void relativePathsAreRelativeToTheFile() throws Exception {
    Path file = dir.resolve("conf/node.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        {"dataDir": "data", "genesis": "../genesis.json", "keyFile": "/keys/w.key",
         "api": {"port": 9000}}
        """);
    NodeConfig config = NodeConfig.read(file);
    assertThat(config.dataDir()).isEqualTo(dir.resolve("conf/data").toAbsolutePath());
    assertThat(config.genesis().normalize())
        .isEqualTo(dir.resolve("genesis.json").toAbsolutePath());
    assertThat(config.keyFile()).isEqualTo(Path.of("/keys/w.key"));
    assertThat(config.passphraseFile()).isEmpty();
    assertThat(config.apiHost()).isEqualTo("127.0.0.1");
    assertThat(config.apiPort()).isEqualTo(9000);
  }

  @Test
  void misspeltSettingsAreRefused() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(
        file, "{\"dataDir\":\"d\",\"genesis\":\"g\",\"keyFile\":\"k\",\"api\":{\"prot\":1}}");
    assertThatThrownBy(() -> NodeConfig.read(file))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("api.prot")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("config.unknown_field");
  }

  @Test
  void missingAndMistypedSettingsAreRefused() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"dataDir\":\"d\",\"genesis\":\"g\"}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("keyFile");
    Files.writeString(
        file, "{\"dataDir\":\"d\",\"genesis\":\"g\",\"keyFile\":\"k\",\"api\":{\"port\":\"80\"}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("api.port");
    Files.writeString(
        file, "{\"dataDir\":\"d\",\"genesis\":\"g\",\"keyFile\":\"k\",\"api\":{\"port\":70000}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("70000");
    Files.writeString(file, "[1,2]");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("JSON object");
  }

  @Property(tries = 50)
  void writeThenReadGivesTheSameConfig(
      @ForAll @AlphaChars @StringLength(min = 1, max = 12) String name,
      @ForAll boolean withPassphrase,
      @ForAll @IntRange(min = 0, max = 65535) int port)
      throws Exception {
    Path base = Files.createTempDirectory("stele-config");
    NodeConfig config =
        new NodeConfig(
            base.resolve(name + "-data"),
            base.resolve("genesis.json"),
            base.resolve("keys/" + name + ".key"),
            withPassphrase ? Optional.of(base.resolve("pass")) : Optional.empty(),
            "127.0.0.1",
            port);
    Path file = base.resolve("node.json");
    config.write(file);
    assertThat(NodeConfig.read(file)).isEqualTo(config);
  }

  @Test
  void theP2pSectionNamesListenAddressPeersAndLimits() throws Exception {
    String key = "7xyB31V7RiC2HmaW2a4nH3rtVvU1nSkXZWGo4ADbudaa";
    Path file = dir.resolve("node.json");
    Files.writeString(
        file,
        """
        {"dataDir": "d", "genesis": "g", "keyFile": "k",
         "p2p": {"port": 9080, "peers": ["10.0.0.2:9081", "%s@node-b:9082"], "maxConnections": 16}}
        """
            .formatted(key));
    P2pConfig p2p = NodeConfig.read(file).p2p().orElseThrow();
    assertThat(p2p.host()).isEqualTo("127.0.0.1");
    assertThat(p2p.port()).isEqualTo(9080);
    assertThat(p2p.maxConnections()).isEqualTo(16);
    assertThat(p2p.maxMessageBytes()).isEqualTo(4 << 20);
    assertThat(p2p.peers())
        .containsExactly(
            new P2pConfig.Peer(Optional.empty(), "10.0.0.2", 9081),
            new P2pConfig.Peer(
                Optional.of(io.stele.core.crypto.PublicKey.fromBase58(key)), "node-b", 9082));
    NodeConfig withPeers = NodeConfig.read(file);
    Path copy = dir.resolve("copy.json");
    withPeers.write(copy);
    assertThat(NodeConfig.read(copy)).isEqualTo(withPeers);
  }

  @Test
  void malformedPeersAndLimitsAreRefused() throws Exception {
    Path file = dir.resolve("node.json");
    String[] bad = {
      "{\"peers\": [\"no-port\"]}",
      "{\"peers\": [\"host:0\"]}",
      "{\"peers\": [\"notakey@host:1\"]}",
      "{\"peers\": \"host:1\"}",
      "{\"port\": 70000}",
      "{\"maxMessageBytes\": 10}",
      "{\"maxConnections\": 0}",
    };
    for (String p2p : bad) {
      Files.writeString(
          file, "{\"dataDir\":\"d\",\"genesis\":\"g\",\"keyFile\":\"k\",\"p2p\":" + p2p + "}");
      assertThatThrownBy(() -> NodeConfig.read(file))
          .as(p2p)
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("config.invalid");
    }
    Files.writeString(
        file, "{\"dataDir\":\"d\",\"genesis\":\"g\",\"keyFile\":\"k\",\"p2p\":{\"peer\":[]}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("p2p.peer");
  }
}
