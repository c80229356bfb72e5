package io.stele.ledger.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.ConsensusParameters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One link of a receipt's proof that its witness set descends from the genesis: the header of the
 * snapshot block that elected a set with other members, that block's finality certificate (signed
 * by the set in force at the snapshot) and the keys of the elected set, which hash to the header's
 * {@code nextWitnessSetHash}. In JSON, {@code {"header": base64, "finalityCertificate": base64,
 * "witnesses": [base58 key, ...]}} with the keys in ascending unsigned byte order, the order the
 * set hash uses, so one set has exactly one spelling.
 */
public record WitnessSetChange(
    BlockHeader header, FinalityCertificate certificate, WitnessSet elected) {

  /** The link in its receipt form. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("header", Base64.getEncoder().encodeToString(header.encode()));
    o.put("finalityCertificate", Base64.getEncoder().encodeToString(certificate.encode()));
    var keys = o.putArray("witnesses");
    elected.witnesses().stream()
        .map(PublicKey::bytes)
        .sorted()
        .forEach(k -> keys.add(k.toBase58()));
    return o;
  }

  /**
   * Reads a link strictly, checking only its form (each check of its content against the chain is
   * the verifier's); {@code what} names it in messages. Code {@code receipt.set_change}. The set
   * read is that of the term its header's snapshot elects ({@code termBlocks} per term).
   */
  static WitnessSetChange fromJson(JsonNode node, String what, long termBlocks) {
    if (node == null || !node.isObject() || node.size() != 3) {
      throw malformed(what + " is not an object of header, finalityCertificate and witnesses");
    }
    BlockHeader header;
    FinalityCertificate certificate;
    try {
      header =
          BlockHeader.decode(
              Encodings.base64(node.get("header"), BlockHeader.LENGTH, what + ".header"));
      certificate =
          FinalityCertificate.decode(
              Encodings.base64(
                  node.get("finalityCertificate"),
                  FinalityCertificate.MAX_BYTES,
                  what + ".finalityCertificate"));
    } catch (SteleException e) {
      throw new SteleException("receipt.set_change", what + ": " + e.getMessage(), e);
    }
    JsonNode list = node.get("witnesses");
    if (list == null
        || !list.isArray()
        || list.isEmpty()
        || list.size() > ConsensusParameters.MAX_WITNESSES) {
      throw malformed(
          what + ".witnesses is not a list of 1 to " + ConsensusParameters.MAX_WITNESSES + " keys");
    }
    List<PublicKey> keys = new ArrayList<>(list.size());
    Bytes previous = null;
    for (int i = 0; i < list.size(); i++) {
      Bytes key;
      try {
        key = Encodings.base58(list.get(i), PublicKey.LENGTH, what + ".witnesses[" + i + "]");
      } catch (SteleException e) {
        throw new SteleException("receipt.set_change", e.getMessage(), e);
      }
      if (key.length() != PublicKey.LENGTH) {
        throw malformed(what + ".witnesses[" + i + "] is not a 32-byte key");
      }
      if (previous != null && previous.compareTo(key) >= 0) {
        throw malformed(what + ".witnesses are not in ascending order without repeats");
      }
      keys.add(new PublicKey(key));
      previous = key;
    }
    return new WitnessSetChange(
        header, certificate, new WitnessSet(header.height() / termBlocks, keys));
  }

  private static SteleException malformed(String message) {
    return new SteleException("receipt.set_change", message);
  }
}
