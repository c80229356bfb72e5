package io.stele.node.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node's part in the custody of sealed-market epoch keys (docs/cli.md), from three optional
 * sections of its config: {@code keyService} (it deals the keys to the holders listed), {@code
 * keyHolder} (it holds shares and follows the venue named), and {@code custody} (its venue takes
 * the keys from a remote key service and holders; without it a venue keeps its holders in its own
 * process). Unknown fields are refused ({@code config.unknown_field}).
 */
public record CustodySettings(
    Optional<KeyService> keyService, Optional<KeyHolder> keyHolder, Optional<Venue> venue) {
  public static final CustodySettings NONE =
      new CustodySettings(Optional.empty(), Optional.empty(), Optional.empty());

  /** One holder as the key service reaches it: its API and its X25519 agreement key. */
  public record Holder(URI url, Bytes agreementKey) {}

  /** Deals each epoch key {@code threshold} of {@code holders.size()}. */
  public record KeyService(int threshold, List<Holder> holders) {
    public KeyService {
      holders = List.copyOf(holders);
    }
  }

  /**
   * Holds shares from the key service of {@code keyService}, following the venue at {@code venue}.
   */
  public record KeyHolder(URI venue, PublicKey keyService, int batchesPerEpoch) {}

  /** The key service and holders (holder i at i - 1) this node's venue takes its keys from. */
  public record Venue(URI keyService, PublicKey keyServiceKey, List<URI> holders) {
    public Venue {
      holders = List.copyOf(holders);
    }
  }

  static final Set<String> SECTIONS = Set.of("keyService", "keyHolder", "custody");

  public CustodySettings withKeyService(KeyService settings) {
    return new CustodySettings(Optional.of(settings), keyHolder, venue);
  }

  public CustodySettings withKeyHolder(KeyHolder settings) {
    return new CustodySettings(keyService, Optional.of(settings), venue);
  }

  public CustodySettings withVenue(Venue settings) {
    return new CustodySettings(keyService, keyHolder, Optional.of(settings));
  }

  /** The three sections of a node config's root object, each optional. */
  public static CustodySettings parse(JsonNode root) {
    return new CustodySettings(
        section(root, "keyService").map(CustodySettings::keyService),
        section(root, "keyHolder").map(CustodySettings::keyHolder),
        section(root, "custody").map(CustodySettings::venue));
  }

  /** Adds the sections present to a node config's root object. */
  public void write(ObjectNode root) {
    keyService.ifPresent(
        s -> {
          ObjectNode node = root.putObject("keyService").put("threshold", s.threshold());
          ArrayNode holders = node.putArray("holders");
          s.holders()
              .forEach(
                  h ->
                      holders
                          .addObject()
                          .put("url", h.url().toString())
                          .put("agreementKey", h.agreementKey().toBase58()));
        });
    keyHolder.ifPresent(
        h ->
            root.putObject("keyHolder")
                .put("venue", h.venue().toString())
                .put("keyService", h.keyService().toString())
                .put("batchesPerEpoch", h.batchesPerEpoch()));
    venue.ifPresent(
        v -> {
          ObjectNode node =
              root.putObject("custody")
                  .put("keyService", v.keyService().toString())
                  .put("keyServiceKey", v.keyServiceKey().toString());
          ArrayNode holders = node.putArray("holders");
          v.holders().forEach(u -> holders.add(u.toString()));
        });
  }

  private static Optional<JsonNode> section(JsonNode root, String name) {
    JsonNode node = root.path(name);
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw invalid(name + " must be an object");
    }
    return Optional.of(node);
  }

  private static KeyService keyService(JsonNode node) {
    refuseUnknown(node, Set.of("threshold", "holders"), "keyService.");
    List<Holder> holders = new ArrayList<>();
    for (JsonNode h : array(node, "holders", "keyService.holders")) {
      refuseUnknown(h, Set.of("url", "agreementKey"), "keyService.holders[].");
      Bytes key;
      try {
        key = Bytes.fromBase58(text(h, "agreementKey", "keyService.holders[]"), 32);
      } catch (SteleException e) {
        throw invalid("keyService.holders[].agreementKey is not base58: " + e.getMessage());
      }
      if (key.length() != 32) {
        throw invalid("keyService.holders[].agreementKey must be a 32-byte X25519 key");
      }
      holders.add(new Holder(url(h, "url", "keyService.holders[]"), key));
    }
    int threshold = integer(node, "threshold", "keyService", 1, 255);
    if (holders.isEmpty() || threshold > holders.size() || holders.size() > 255) {
      throw invalid("keyService: " + threshold + " of " + holders.size() + " holders");
    }
    return new KeyService(threshold, holders);
  }

  private static KeyHolder keyHolder(JsonNode node) {
    refuseUnknown(node, Set.of("venue", "keyService", "batchesPerEpoch"), "keyHolder.");
    return new KeyHolder(
        url(node, "venue", "keyHolder"),
        key(node, "keyService", "keyHolder"),
        integer(node, "batchesPerEpoch", "keyHolder", 1, 1_000_000));
  }

  private static Venue venue(JsonNode node) {
    refuseUnknown(node, Set.of("keyService", "keyServiceKey", "holders"), "custody.");
    List<URI> holders = new ArrayList<>();
    for (JsonNode h : array(node, "holders", "custody.holders")) {
      if (!h.isTextual()) {
        throw invalid("custody.holders lists the holders' API URLs, as strings");
      }
      holders.add(parseUrl(h.asText(), "custody.holders[]"));
    }
    if (holders.isEmpty()) {
      throw invalid("custody.holders must name at least one holder");
    }
    return new Venue(
        url(node, "keyService", "custody"), key(node, "keyServiceKey", "custody"), holders);
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

  private static Iterable<JsonNode> array(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw invalid(where + " must be an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid(where + "." + field + " must be a non-empty string");
    }
    return value.asText();
  }

  private static URI url(JsonNode node, String field, String where) {
    return parseUrl(text(node, field, where), where + "." + field);
  }

  private static URI parseUrl(String text, String where) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw invalid(where + " must be an http(s) URL, not '" + text + "'");
  }

  private static PublicKey key(JsonNode node, String field, String where) {
    try {
      return PublicKey.fromBase58(text(node, field, where));
    } catch (SteleException e) {
      throw invalid(where + "." + field + " is not a base58 Ed25519 public key");
    }
  }

  private static int integer(JsonNode node, String field, String where, int min, int max) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid(where + "." + field + " must be an integer");
    }
    int n = value.asInt();
    if (n < min || n > max) {
      throw invalid(where + "." + field + " must be " + min + " to " + max + ", not " + n);
    }
    return n;
  }

  private static SteleException invalid(String message) {
    return new SteleException("config.invalid", message);
  }
}
