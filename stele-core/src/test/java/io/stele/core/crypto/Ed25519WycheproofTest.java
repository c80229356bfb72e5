package io.stele.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.bytes.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Project Wycheproof's Ed25519 verification vectors ({@code testvectors_v1/ed25519_test.json}):
 * every "valid" signature is accepted and every "invalid" one (malleable S, non-canonical points,
 * truncated or padded signatures, small-order keys) is rejected. The file has no "acceptable"
 * vectors; should a later version add some, Stele rejects them (strict RFC 8032 verification) and
 * this test says so explicitly.
 */
class Ed25519WycheproofTest {
  private static final HexFormat HEX = HexFormat.of();

  record Vector(int tcId, String comment, String publicKey, String msg, String sig, String result) {
    @Override
    public String toString() {
      return "tcId " + tcId + " (" + result + "): " + comment;
    }
  }

  static JsonNode file() throws IOException {
    Path path = Path.of(System.getProperty("stele.vectors"), "wycheproof/ed25519_test.json");
    return new ObjectMapper().readTree(path.toFile());
  }

  static Stream<Vector> vectors() throws IOException {
    List<Vector> out = new ArrayList<>();
    for (JsonNode group : file().get("testGroups")) {
      String pk = group.get("publicKey").get("pk").asText();
      for (JsonNode t : group.get("tests")) {
        out.add(
            new Vector(
                t.get("tcId").asInt(),
                t.get("comment").asText(),
                pk,
                t.get("msg").asText(),
                t.get("sig").asText(),
                t.get("result").asText()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verifyGivesTheVectorsExpectedResult(Vector v) {
    PublicKey key = new PublicKey(Bytes.fromHex(v.publicKey()));
    boolean accepted = key.verify(HEX.parseHex(v.msg()), HEX.parseHex(v.sig()));
    boolean expected =
        switch (v.result()) {
          case "valid" -> true;
          case "invalid" -> false;
          // Stele's policy for "acceptable" vectors: reject (strict verification).
          case "acceptable" -> false;
          default -> throw new IllegalStateException("unknown result " + v.result());
        };
    assertThat(accepted).as(v.toString()).isEqualTo(expected);
  }

  /**
   * One key object per group, checked against all of its group's vectors twice: the decoded point
   * the key keeps after its first check gives exactly the results a fresh key gives.
   */
  @Test
  void aKeyCheckedAgainAndAgainGivesEveryVectorsExpectedResult() throws IOException {
    int checks = 0;
    for (JsonNode group : file().get("testGroups")) {
      PublicKey key = new PublicKey(Bytes.fromHex(group.get("publicKey").get("pk").asText()));
      for (int round = 0; round < 2; round++) {
        for (JsonNode t : group.get("tests")) {
          boolean accepted =
              key.verify(HEX.parseHex(t.get("msg").asText()), HEX.parseHex(t.get("sig").asText()));
          assertThat(accepted)
              .as("tcId " + t.get("tcId").asInt() + ", round " + round)
              .isEqualTo(t.get("result").asText().equals("valid"));
          checks++;
        }
      }
    }
    assertThat(checks).isEqualTo(300);
  }

  @Test
  void theFileHoldsAllItsAnnouncedVectors() throws IOException {
    assertThat(vectors().count()).isEqualTo(file().get("numberOfTests").asLong()).isEqualTo(150);
  }
}
