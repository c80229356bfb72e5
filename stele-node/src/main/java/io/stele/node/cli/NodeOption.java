package io.stele.node.cli;

import io.stele.core.error.SteleException;
import io.stele.node.client.NodeClient;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** {@code --node URL}: which node's API a command talks to. */
final class NodeOption {
  static final String DEFAULT_NODE = "http://127.0.0.1:8080";

  @Option(
      names = "--node",
      paramLabel = "URL",
      defaultValue = DEFAULT_NODE,
      description = "The node's API (default: ${DEFAULT-VALUE}).")
  String node;

  NodeClient client() {
    try {
      URI uri = new URI(node);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new URISyntaxException(node, "scheme must be http or https");
      }
      return new NodeClient(uri);
    } catch (URISyntaxException e) {
      throw new SteleException(
          "cli.bad_option", "--node " + node + " is not a URL: " + e.getReason());
    }
  }
}
