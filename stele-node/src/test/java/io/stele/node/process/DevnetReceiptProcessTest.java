package io.stele.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.crypto.Hashes;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.node.cli.SteleCommand;
import io.stele.node.receipt.ReceiptFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise, with real processes: a devnet anchors a hash, the receipt verifies offline
 * against the devnet's genesis, and no byte of the receipt file can change without the check
 * failing.
 */
class DevnetReceiptProcessTest {
  @TempDir Path dir;

  @Test
  void anchoredReceiptVerifiesOfflineAndEveryAlteredByteIsRefused() throws Exception {
    Path data = dir.resolve("data");
    int port = Ports.free();
    try (SteleProcess devnet =
        SteleProcess.start(
            dir, "devnet", "devnet", "--data", data.toString(), "--port", Integer.toString(port))) {
      JsonNode manifest = Ports.awaitFile(data.resolve("devnet.json"), devnet);
      String apiUrl = manifest.path("nodes").get(0).path("apiUrl").asText();
      assertThat(apiUrl).isEqualTo("http://127.0.0.1:" + port);
      long witnessPid = manifest.path("nodes").get(0).path("pid").asLong();
      assertThat(witnessPid).as("the witness runs in its own process").isNotEqualTo(devnet.pid());
      assertThat(ProcessHandle.of(witnessPid)).isPresent();

      String hash =
          HexFormat.of()
              .formatHex(Hashes.sha256("stele receipt test".getBytes(StandardCharsets.UTF_8)));
      SteleProcess.Result anchored =
          SteleProcess.run(dir, "anchor", 90, "anchor", hash, "--wait", "--node", apiUrl);
      assertThat(anchored.exitCode()).as(anchored.stderr()).isEqualTo(0);
      Path receipt = dir.resolve("r.json");
      Files.writeString(receipt, anchored.stdout());
      Path genesis = data.resolve("genesis.json");

      SteleProcess.Result verified =
          SteleProcess.run(
              dir,
              "verify",
              60,
              "verify",
              "receipt",
              receipt.toString(),
              "--genesis",
              genesis.toString());
      assertThat(verified.exitCode()).as(verified.stderr()).isEqualTo(0);
      assertThat(verified.stdout()).contains(hash);

      assertThat(devnet.terminate(30)).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(data.resolve("devnet.json")).doesNotExist();

      assertEveryFlippedByteFails(receipt, genesis);
    }
  }

  /**
   * Every byte flipped in turn must be refused with a receipt or certificate code, checked
   * in-process so each byte does not cost a JVM; a few of them also through the command, for its
   * exit code.
   */
  private void assertEveryFlippedByteFails(Path receipt, Path genesisFile) throws Exception {
    byte[] original = Files.readAllBytes(receipt);
    assertThat(new ObjectMapper().readTree(original).path("targetHash").isTextual()).isTrue();
    Genesis genesis = Genesis.read(genesisFile);
    Path altered = dir.resolve("altered.json");
    for (int i = 0; i < original.length; i++) {
      Files.write(altered, flipped(original, i));
      int index = i;
      assertThatThrownBy(() -> ReceiptFile.verify(altered, genesis))
          .as("byte %d flipped", index)
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .asString()
          .matches("(receipt|certificate)\\.[a-z_]+");
    }
    for (int i : new int[] {0, original.length / 2, original.length - 1}) {
      Files.write(altered, flipped(original, i));
      StringWriter err = new StringWriter();
      int exit =
          SteleCommand.execute(
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              "verify",
              "receipt",
              altered.toString(),
              "--genesis",
              genesisFile.toString());
      assertThat(exit).as("byte %d flipped: %s", i, err).isEqualTo(1);
      // with four witnesses the certificate is longer: the middle byte may fall inside it
      assertThat(err.toString()).matches("(?s)stele: (receipt|certificate)\\.[a-z_]+: .*");
    }
  }

  private static byte[] flipped(byte[] original, int index) {
    byte[] copy = original.clone();
    copy[index] ^= 0x01;
    return copy;
  }
}
