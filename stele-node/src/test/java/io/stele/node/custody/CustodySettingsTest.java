package io.stele.node.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import io.stele.node.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CustodySettingsTest {
  static final String KEY = "7xyB31V7RiC2HmaW2a4nH3rtVvU1nSkXZWGo4ADbudaa";
  static final Path BASE = Path.of("/tmp/stele-node");

  static NodeConfig parse(String sections) {
    String json = "{\"dataDir\":\"d\",\"genesis\":\"g\",\"keyFile\":\"k\"" + sections + "}";
    return NodeConfig.parse(json.getBytes(StandardCharsets.UTF_8), BASE, "node.json");
  }

  @Test
  void theThreeSectionsAreReadAndWrittenBackAsTheyWere() throws Exception {
    NodeConfig config =
        parse(
            ",\"keyService\":{\"threshold\":2,\"holders\":["
                + "{\"url\":\"http://127.0.0.1:8081\",\"agreementKey\":\""
                + KEY
                + "\"},{\"url\":\"http://127.0.0.1:8082\",\"agreementKey\":\""
                + KEY
                + "\"}]},"
                + "\"keyHolder\":{\"venue\":\"http://127.0.0.1:8080\",\"keyService\":\""
                + KEY
                + "\",\"batchesPerEpoch\":3},"
                + "\"custody\":{\"keyService\":\"http://127.0.0.1:8081\",\"keyServiceKey\":\""
                + KEY
                + "\",\"holders\":[\"http://127.0.0.1:8081\",\"http://127.0.0.1:8082\"]}");
    CustodySettings custody = config.custody();
    assertThat(custody.keyService().orElseThrow().threshold()).isEqualTo(2);
    assertThat(custody.keyService().orElseThrow().holders()).hasSize(2);
    assertThat(custody.keyHolder().orElseThrow().batchesPerEpoch()).isEqualTo(3);
    assertThat(custody.venue().orElseThrow().holders()).hasSize(2);
    byte[] written = config.toJson(BASE).toString().getBytes(StandardCharsets.UTF_8);
    assertThat(NodeConfig.parse(written, BASE, "again").custody()).isEqualTo(custody);
    assertThat(parse("").custody()).isEqualTo(CustodySettings.NONE);
  }

  @Test
  void unknownFieldsAndImpossibleValuesAreRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    ",\"keyHolder\":{\"venue\":\"http://h:1\",\"keyService\":\""
                        + KEY
                        + "\",\"batchesPerEpoch\":1,\"epochs\":2}"))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("config.unknown_field");
    assertThatThrownBy(
            () ->
                parse(
                    ",\"keyService\":{\"threshold\":3,\"holders\":[{\"url\":\"http://h:1\","
                        + "\"agreementKey\":\""
                        + KEY
                        + "\"}]}"))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("config.invalid");
    assertThatThrownBy(
            () ->
                parse(
                    ",\"custody\":{\"keyService\":\"ftp://h\",\"keyServiceKey\":\""
                        + KEY
                        + "\",\"holders\":[\"http://h:1\"]}"))
        .hasMessageContaining("custody.keyService")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("config.invalid");
    assertThatThrownBy(
            () ->
                parse(
                    ",\"keyHolder\":{\"venue\":\"http://h:1\",\"keyService\":\"nope\","
                        + "\"batchesPerEpoch\":1}"))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("config.invalid");
  }
}
