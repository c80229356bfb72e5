package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.address.Address;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.node.config.NodeConfig;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands a person types, end to end against a node in this process: keys, genesis, status,
 * block, tx transfer, anchor and verify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandsAgainstNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private Path passphrase;
  private String alice;
  private JsonNode carol;
  private RunningNode node;
  private String url;

  /** Output of one command line. */
  private record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run stele(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  void startNode() throws Exception {
    passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "test passphrase\n");
    Run key =
        stele(
            "keys",
            "new",
            "--out",
            dir.resolve("alice.key").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--json");
    assertThat(key.exit()).as(key.err()).isZero();
    alice = key.json().path("address").asText();
    Run carolKey =
        stele(
            "keys",
            "new",
            "--out",
            dir.resolve("carol.key").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--json");
    carol = carolKey.json();
    Run genesis =
        stele(
            "genesis",
            "new",
            "--out",
            dir.resolve("genesis.json").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--fund",
            alice + "=1000000",
            "--fund",
            carol.path("address").asText() + "=5000000000",
            "--block-interval",
            "100",
            "--json");
    assertThat(genesis.exit()).as(genesis.err()).isZero();
    node =
        NodeLauncher.launch(
            new NodeConfig(
                dir.resolve("chain"),
                dir.resolve("genesis.json"),
                dir.resolve("witness-1.key"),
                Optional.of(passphrase),
                "127.0.0.1",
                0));
    url = node.apiUrl();
  }

  @AfterAll
  void stopNode() {
    node.close();
  }

  @Test
  void keysShowNamesTheSameAddressAsKeysNew() throws Exception {
    Run show = stele("keys", "show", dir.resolve("alice.key").toString(), "--json");
    assertThat(show.exit()).isZero();
    assertThat(show.json().path("address").asText()).isEqualTo(alice);
    assertThat(show.json().path("chainId").asText()).isEqualTo("D");
  }

  @Test
  void keysNewNeverOverwrites() {
    Run again =
        stele(
            "keys",
            "new",
            "--out",
            dir.resolve("alice.key").toString(),
            "--passphrase-file",
            passphrase.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).startsWith("stele: keyfile.exists: ");
  }

  @Test
  void statusAndBlockGiveTheFieldsScriptsRead() throws Exception {
    Run status = stele("status", "--node", url, "--json");
    assertThat(status.exit()).as(status.err()).isZero();
    JsonNode s = status.json();
    assertThat(s.has("height") && s.has("finalHeight") && s.has("finalHash")).isTrue();
    Run block = stele("block", s.path("finalHeight").asText(), "--node", url, "--json");
    assertThat(block.exit()).as(block.err()).isZero();
    assertThat(block.json().path("hash").asText()).isEqualTo(s.path("finalHash").asText());
    assertThat(block.json().has("parent")).isTrue();
    Run byHash = stele("block", s.path("finalHash").asText(), "--node", url, "--json");
    assertThat(byHash.json().path("height").asLong()).isEqualTo(s.path("finalHeight").asLong());
    Run missing = stele("block", "999999999", "--node", url);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("stele: api.not_found: ");
  }

  @Test
  void transferIsSignedSubmittedAndFinal() throws Exception {
    String bob = Address.of(KeyPair.generate(new SeededRng(9)).publicKey(), (byte) 'D').toString();
    Run transfer =
        stele(
            "tx",
            "transfer",
            "--key",
            dir.resolve("alice.key").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--to",
            bob,
            "--amount",
            "250",
            "--wait",
            "--node",
            url,
            "--json");
    assertThat(transfer.exit()).as(transfer.err()).isZero();
    assertThat(transfer.json().path("status").asText()).isEqualTo("final");
    assertThat(transfer.json().path("recipient").asText()).isEqualTo(bob);
    assertThat(transfer.json().path("amount").asText()).isEqualTo("250");

    Run tooMuch =
        stele(
            "tx",
            "transfer",
            "--key",
            dir.resolve("alice.key").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--to",
            bob,
            "--amount",
            "999999999",
            "--node",
            url);
    assertThat(tooMuch.exit()).isEqualTo(1);
    assertThat(tooMuch.err()).startsWith("stele: tx.funds: ");
  }

  @Test
  void aCandidateRegistersAndReceivesVotes() throws Exception {
    Run register =
        stele(
            "tx",
            "register",
            "--key",
            dir.resolve("carol.key").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--wait",
            "--node",
            url,
            "--json");
    assertThat(register.exit()).as(register.err()).isZero();
    assertThat(register.json().path("type").asText()).isEqualTo("register-candidate");
    String candidate = carol.path("publicKey").asText();
    Run vote =
        stele(
            "tx",
            "vote",
            "--key",
            dir.resolve("alice.key").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--candidate",
            candidate,
            "--amount",
            "1000",
            "--wait",
            "--node",
            url,
            "--json");
    assertThat(vote.exit()).as(vote.err()).isZero();

    JsonNode candidates =
        JSON.readTree(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(url + "/v1/candidates"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body());
    JsonNode entry = null;
    for (JsonNode c : candidates.path("candidates")) {
      if (c.path("publicKey").asText().equals(candidate)) {
        entry = c;
      }
    }
    assertThat(entry).as(candidates.toString()).isNotNull();
    assertThat(entry.path("votes").asText()).isEqualTo("1000");
  }

  @Test
  void anchorWaitThenVerify() throws Exception {
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    Run anchored = stele("anchor", hash, "--wait", "--node", url);
    assertThat(anchored.exit()).as(anchored.err()).isZero();
    Path receipt = dir.resolve("receipt.json");
    Files.writeString(receipt, anchored.out());
    Run verified =
        stele(
            "verify",
            "receipt",
            receipt.toString(),
            "--genesis",
            dir.resolve("genesis.json").toString(),
            "--json");
    assertThat(verified.exit()).as(verified.err()).isZero();
    assertThat(verified.json().path("targetHash").asText()).isEqualTo(hash);

    Files.writeString(receipt, anchored.out().replace("\n", " \n"));
    Run spaced =
        stele(
            "verify",
            "receipt",
            receipt.toString(),
            "--genesis",
            dir.resolve("genesis.json").toString());
    assertThat(spaced.exit()).isEqualTo(1);
    assertThat(spaced.err()).startsWith("stele: receipt.not_canonical: ");
  }

  @Test
  void aBadFundAmountIsAUsageError() {
    Run genesis =
        stele(
            "genesis",
            "new",
            "--out",
            dir.resolve("other.json").toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--fund",
            alice + "=1.5");
    assertThat(genesis.exit()).isEqualTo(2);
    assertThat(genesis.err()).startsWith("stele: cli.bad_option: --fund: ");
    assertThat(dir.resolve("other.json")).doesNotExist();
  }

  @Test
  void badAmountsAreUsageErrors() {
    Run negative =
        stele("tx", "transfer", "--key", "k", "--to", alice, "--amount", "-5", "--node", url);
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("not an amount");
  }
}
