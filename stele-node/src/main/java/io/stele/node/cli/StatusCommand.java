package io.stele.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a node's chain id, head and final height and hash, mempool size and role;",
      "on a peer network also its peers (key, address, score) and its lag behind the best."
    })
final class StatusCommand implements Runnable {
  @Mixin NodeOption node;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    ObjectNode status = node.client().status();
    if (output.json || !status.has("peers")) {
      output.print(status);
      return;
    }
    JsonNode peers = status.remove("peers");
    output.print(status);
    PrintWriter out = output.out();
    for (JsonNode peer : peers) {
      out.println(
          "peer: "
              + peer.path("publicKey").asText()
              + " "
              + (peer.path("address").asText().isEmpty() ? "-" : peer.path("address").asText())
              + " score "
              + peer.path("score").asInt()
              + " final "
              + (peer.has("finalHeight") ? peer.path("finalHeight").asText() : "?"));
    }
    out.flush();
  }
}
