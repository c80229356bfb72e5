package io.stele.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code p2p} section of a node config: where the node listens for peers, which peers it dials
 * (each {@code host:port}, or {@code publicKey@host:port} to accept only that key there) and its
 * connection and message limits.
 */
public record P2pConfig(
    String host, int port, List<Peer> peers, int maxConnections, int maxMessageBytes) {

  public static final int DEFAULT_MAX_CONNECTIONS = 128;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;
  static final int MAX_PEERS = 256;
  private static final Set<String> FIELDS =
      Set.of("host", "port", "peers", "maxConnections", "maxMessageBytes");

  /** A peer to dial, and the key it must have when one is given. */
  public record Peer(Optional<PublicKey> key, String host, int port) {
    /** Parses {@code host:port} or {@code publicKey@host:port} (key in base58). */
    public static Peer parse(String text) {
      int at = text.indexOf('@');
      Optional<PublicKey> key = Optional.empty();
      String address = text;
      if (at >= 0) {
        try {
          key = Optional.of(PublicKey.fromBase58(text.substring(0, at)));
        } catch (SteleException e) {
          throw invalid("p2p peer '" + text + "' has no valid public key before '@'");
        }
        address = text.substring(at + 1);
      }
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw invalid("p2p peer '" + text + "' must be host:port or publicKey@host:port");
      }
      int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw invalid("p2p peer '" + text + "' has no valid port");
      }
      if (port < 1 || port > 65535) {
        throw invalid("p2p peer '" + text + "': port must be 1 to 65535");
      }
      return new Peer(key, address.substring(0, colon), port);
    }

    @Override
    public String toString() {
      return key.map(k -> k + "@").orElse("") + host + ":" + port;
    }
  }

  public P2pConfig {
    peers = List.copyOf(peers);
    if (host.isBlank()) {
      throw invalid("p2p.host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw invalid("p2p.port must be 0 to 65535, not " + port);
    }
    if (peers.size() > MAX_PEERS) {
      throw invalid("p2p.peers lists " + peers.size() + " peers, at most " + MAX_PEERS);
    }
    if (maxConnections < 1 || maxConnections > 4096) {
      throw invalid("p2p.maxConnections must be 1 to 4096, not " + maxConnections);
    }
    if (maxMessageBytes < 64 * 1024 || maxMessageBytes > 64 << 20) {
      throw invalid("p2p.maxMessageBytes must be 65536 to 67108864, not " + maxMessageBytes);
    }
  }

  /** Listens on {@code host:port} and dials {@code peers}, with the default limits. */
  public static P2pConfig of(String host, int port, List<Peer> peers) {
    return new P2pConfig(host, port, peers, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_MESSAGE_BYTES);
  }

  static P2pConfig parse(JsonNode node) {
    if (!node.isObject()) {
      throw invalid("p2p must be an object with host, port and peers");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new SteleException(
            "config.unknown_field",
            "unknown setting 'p2p." + name + "'; known: " + String.join(", ", FIELDS));
      }
    }
    List<Peer> peers = new ArrayList<>();
    JsonNode list = node.path("peers");
    if (!list.isMissingNode()) {
      if (!list.isArray()) {
        throw invalid("p2p.peers must be a list of \"host:port\" or \"publicKey@host:port\"");
      }
      if (list.size() > MAX_PEERS) {
        throw invalid("p2p.peers lists " + list.size() + " peers, at most " + MAX_PEERS);
      }
      for (JsonNode peer : list) {
        if (!peer.isTextual()) {
          throw invalid("p2p.peers entries must be strings");
        }
        peers.add(Peer.parse(peer.asText()));
      }
    }
    return new P2pConfig(
        node.has("host") ? text(node.path("host")) : NodeConfig.DEFAULT_HOST,
        integer(node, "port", 0),
        peers,
        integer(node, "maxConnections", DEFAULT_MAX_CONNECTIONS),
        integer(node, "maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES));
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("host", host).put("port", port);
    ArrayNode list = o.putArray("peers");
    peers.forEach(p -> list.add(p.toString()));
    o.put("maxConnections", maxConnections).put("maxMessageBytes", maxMessageBytes);
    return o;
  }

  private static String text(JsonNode value) {
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid("p2p.host must be a non-empty string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field, int otherwise) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return otherwise;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid("p2p." + field + " must be an integer");
    }
    return value.asInt();
  }

  private static SteleException invalid(String message) {
    return new SteleException("config.invalid", message);
  }
}
