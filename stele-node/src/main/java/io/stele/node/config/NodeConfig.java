package io.stele.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.node.custody.CustodySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * What one node needs to run: where its chain lives, which genesis it follows, which key it signs
 * with (a witness key, or a follower's own node key; and where that key's passphrase is), where its
 * API listens, when it has a {@code p2p} section where it meets its peers, and optionally the
 * settings of the exchange it runs (docs/exchange.md), and its part in the custody of sealed-market
 * epoch keys ({@link CustodySettings}: {@code keyService}, {@code keyHolder}, {@code custody}).
 * Read from a JSON file; relative paths are relative to that file's directory. Unknown fields are
 * refused, so a misspelt setting never goes unnoticed.
 */
public record NodeConfig(
    Path dataDir,
    Path genesis,
    Path keyFile,
    Optional<Path> passphraseFile,
    String apiHost,
    int apiPort,
    Optional<Path> exchange,
    Optional<P2pConfig> p2p,
    CustodySettings custody) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  private static final long MAX_FILE_BYTES = 64 * 1024;
  private static final Set<String> FIELDS =
      Set.of(
          "dataDir",
          "genesis",
          "keyFile",
          "passphraseFile",
          "api",
          "exchange",
          "p2p",
          "keyService",
          "keyHolder",
          "custody");
  private static final Set<String> API_FIELDS = Set.of("host", "port");
  private static final ObjectMapper JSON = new ObjectMapper();

  public NodeConfig {
    if (apiPort < 0 || apiPort > 65535) {
      throw new SteleException("config.invalid", "api.port must be 0 to 65535, not " + apiPort);
    }
  }

  /** A node without peers and without an exchange: it runs alone. */
  public NodeConfig(
      Path dataDir,
      Path genesis,
      Path keyFile,
      Optional<Path> passphraseFile,
      String apiHost,
      int apiPort) {
    this(
        dataDir,
        genesis,
        keyFile,
        passphraseFile,
        apiHost,
        apiPort,
        Optional.empty(),
        Optional.empty(),
        CustodySettings.NONE);
  }

  /** The same node, also running the exchange its settings file describes. */
  public NodeConfig withExchange(Path settings) {
    return new NodeConfig(
        dataDir,
        genesis,
        keyFile,
        passphraseFile,
        apiHost,
        apiPort,
        Optional.of(settings),
        p2p,
        custody);
  }

  /** The same node, meeting its peers as {@code p2p} says. */
  public NodeConfig withP2p(P2pConfig settings) {
    return new NodeConfig(
        dataDir,
        genesis,
        keyFile,
        passphraseFile,
        apiHost,
        apiPort,
        exchange,
        Optional.of(settings),
        custody);
  }

  /** The same node, with its part in the custody of epoch keys as {@code settings} say. */
  public NodeConfig withCustody(CustodySettings settings) {
    return new NodeConfig(
        dataDir, genesis, keyFile, passphraseFile, apiHost, apiPort, exchange, p2p, settings);
  }

  public static NodeConfig read(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SteleException(
            "config.too_large", file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot read the config file " + file + ": " + e, e);
    }
    return parse(bytes, file.toAbsolutePath().getParent(), file.toString());
  }

  /**
   * Parses config text whose relative paths are relative to {@code base}; {@code source} names it
   * in messages.
   */
  public static NodeConfig parse(byte[] bytes, Path base, String source) {
    if (bytes.length > MAX_FILE_BYTES) {
      throw new SteleException(
          "config.too_large", source + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new SteleException("config.invalid", source + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SteleException("config.invalid", source + " must hold a JSON object");
    }
    refuseUnknown(root, FIELDS, "");
    JsonNode api = root.path("api");
    if (!api.isMissingNode()) {
      if (!api.isObject()) {
        throw new SteleException("config.invalid", "api must be an object with host and port");
      }
      refuseUnknown(api, API_FIELDS, "api.");
    }
    return new NodeConfig(
        path(base, root, "dataDir"),
        path(base, root, "genesis"),
        path(base, root, "keyFile"),
        root.has("passphraseFile")
            ? Optional.of(path(base, root, "passphraseFile"))
            : Optional.empty(),
        api.has("host") ? text(api, "host") : DEFAULT_HOST,
        api.has("port") ? port(api.path("port")) : DEFAULT_PORT,
        root.has("exchange") ? Optional.of(path(base, root, "exchange")) : Optional.empty(),
        root.has("p2p") ? Optional.of(P2pConfig.parse(root.path("p2p"))) : Optional.empty(),
        CustodySettings.parse(root));
  }

  /** The same settings as JSON, with paths relative to {@code base} where they lie under it. */
  public ObjectNode toJson(Path base) {
    ObjectNode root = JSON.createObjectNode();
    Path absolute = base.toAbsolutePath();
    root.put("dataDir", relative(absolute, dataDir));
    root.put("genesis", relative(absolute, genesis));
    root.put("keyFile", relative(absolute, keyFile));
    passphraseFile.ifPresent(p -> root.put("passphraseFile", relative(absolute, p)));
    root.putObject("api").put("host", apiHost).put("port", apiPort);
    exchange.ifPresent(e -> root.put("exchange", relative(absolute, e)));
    p2p.ifPresent(p -> root.set("p2p", p.toJson()));
    custody.write(root);
    return root;
  }

  /** Writes this config to {@code file}, paths relative to the file's directory. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(parent)) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot write the config file " + file + ": " + e, e);
    }
  }

  private static String relative(Path base, Path path) {
    Path absolute = path.toAbsolutePath();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }

  private static void refuseUnknown(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new SteleException(
            "config.unknown_field",
            "unknown setting '" + prefix + name + "'; known: " + String.join(", ", known));
      }
    }
  }

  private static Path path(Path base, JsonNode node, String field) {
    String text = text(node, field);
    try {
      return base.resolve(text);
    } catch (InvalidPathException e) {
      throw new SteleException("config.invalid", "setting '" + field + "' is not a usable path");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new SteleException(
          "config.invalid", "setting '" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  private static int port(JsonNode value) {
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new SteleException("config.invalid", "api.port must be an integer");
    }
    return value.asInt();
  }
}
