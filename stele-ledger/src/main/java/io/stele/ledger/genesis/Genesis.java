package io.stele.ledger.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.tx.TransactionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a chain starts from: chain id, parameters, initial balances and the initial witness
 * set. Read from and written to a JSON file (docs/ledger.md); its binary form is hashed into the
 * genesis block, so two nodes with different genesis files have different genesis block hashes.
 *
 * <p>With a {@code witnessDeposit} above zero every genesis witness starts as a registered
 * candidate with that deposit staked from its genesis balance, so elections keep the genesis
 * witnesses unless candidates with more weight come along (the first account to register does not
 * become the only witness).
 */
public record Genesis(
    byte chainId,
    long timestamp,
    Parameters parameters,
    Map<Address, Long> balances,
    List<PublicKey> witnesses,
    long witnessDeposit) {

  /** Genesis files are small; refuse anything larger before parsing. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Genesis {
    if (chainId < 0x21 || chainId > 0x7E) {
      throw new SteleException("genesis.chain_id", "chain id must be a printable ASCII character");
    }
    balances = Collections.unmodifiableMap(new TreeMap<>(balances));
    witnesses = List.copyOf(witnesses);
    long total = 0;
    for (Map.Entry<Address, Long> e : balances.entrySet()) {
      if (e.getKey().chainId() != chainId) {
        throw new SteleException(
            "genesis.balance", "address " + e.getKey() + " is not on chain " + (char) chainId);
      }
      if (e.getValue() <= 0) {
        throw new SteleException("genesis.balance", "balance of " + e.getKey() + " not positive");
      }
      try {
        total = Math.addExact(total, e.getValue());
      } catch (ArithmeticException overflow) {
        throw new SteleException("genesis.balance", "total supply overflows a 64-bit integer");
      }
    }
    if (witnesses.isEmpty()) {
      throw new SteleException("genesis.witnesses", "at least one witness is required");
    }
    if (witnesses.size() > ConsensusParameters.MAX_WITNESSES) {
      throw new SteleException(
          "genesis.witnesses",
          witnesses.size()
              + " witnesses; a witness set has at most "
              + ConsensusParameters.MAX_WITNESSES);
    }
    if (new HashSet<>(witnesses).size() != witnesses.size()) {
      throw new SteleException("genesis.witnesses", "a witness is listed twice");
    }
    if (witnessDeposit < 0
        || witnessDeposit > 0 && witnessDeposit < parameters.candidateDeposit()) {
      throw new SteleException(
          "genesis.witness_deposit",
          "witnessDeposit must be 0 or at least the candidate deposit "
              + parameters.candidateDeposit());
    }
    if (witnessDeposit > 0) {
      for (PublicKey key : witnesses) {
        Address address = Address.of(key, chainId);
        if (balances.getOrDefault(address, 0L) < witnessDeposit) {
          throw new SteleException(
              "genesis.witness_deposit",
              "witness " + address + " has less than the witness deposit in its genesis balance");
        }
      }
    }
  }

  /** A genesis whose witnesses are not candidates (no witness deposit). */
  public Genesis(
      byte chainId,
      long timestamp,
      Parameters parameters,
      Map<Address, Long> balances,
      List<PublicKey> witnesses) {
    this(chainId, timestamp, parameters, balances, witnesses, 0);
  }

  /** The same genesis with other parameters. */
  public Genesis withParameters(Parameters other) {
    return new Genesis(chainId, timestamp, other, balances, witnesses, witnessDeposit);
  }

  /** A genesis and the witness keys it names, for development networks. */
  public record Devnet(Genesis genesis, List<KeyPair> witnessKeys) {}

  /** Supply given to each devnet witness account. */
  public static final long DEVNET_WITNESS_BALANCE = 1_000_000_000_000_000L;

  /**
   * A devnet genesis with {@code witnessCount} fresh witness keys, each account funded. One witness
   * gets {@link ConsensusParameters#SOLO} (no elections, as the solo engine needs), more get {@link
   * ConsensusParameters#DEVNET}.
   */
  public static Devnet devnet(byte chainId, int witnessCount, long timestamp, Rng rng) {
    if (witnessCount < 1 || witnessCount > ConsensusParameters.MAX_WITNESSES) {
      throw new SteleException(
          "genesis.witnesses",
          "a devnet has 1 to " + ConsensusParameters.MAX_WITNESSES + " witnesses");
    }
    List<KeyPair> keys = new ArrayList<>();
    Map<Address, Long> balances = new TreeMap<>();
    for (int i = 0; i < witnessCount; i++) {
      KeyPair key = KeyPair.generate(rng);
      keys.add(key);
      balances.put(Address.of(key.publicKey(), chainId), DEVNET_WITNESS_BALANCE);
    }
    List<PublicKey> witnesses = keys.stream().map(KeyPair::publicKey).toList();
    Parameters parameters =
        witnessCount == 1
            ? Parameters.devnet().withConsensus(ConsensusParameters.SOLO)
            : Parameters.devnet()
                .withMaxBlockTransactions(Parameters.WITNESS_DEVNET_BLOCK_TRANSACTIONS);
    long deposit = witnessCount == 1 ? 0 : parameters.candidateDeposit();
    return new Devnet(
        new Genesis(chainId, timestamp, parameters, balances, witnesses, deposit), keys);
  }

  /** The same genesis with more funded accounts (load tests, examples). */
  public Genesis withBalances(Map<Address, Long> more) {
    Map<Address, Long> all = new TreeMap<>(balances);
    more.forEach((address, amount) -> all.merge(address, amount, Math::addExact));
    return new Genesis(chainId, timestamp, parameters, all, witnesses, witnessDeposit);
  }

  /** SHA-256 of the binary form; the genesis block's parent hash. */
  public Bytes hash() {
    ByteWriter w = new ByteWriter(256);
    w.u8(1).u8(chainId).i64(timestamp);
    parameters.write(w);
    w.u32(balances.size());
    balances.forEach((address, amount) -> w.fixed(address.bytes().unsafeArray()).i64(amount));
    w.u16(witnesses.size());
    witnesses.forEach(key -> w.fixed(key.bytes().unsafeArray()));
    if (witnessDeposit > 0) {
      w.i64(witnessDeposit); // absent when zero: a genesis without it hashes as before
    }
    return Bytes.wrap(HashFunction.SHA256.hash(w.toByteArray()));
  }

  public static Genesis read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SteleException("genesis.too_large", file + " is over " + MAX_FILE_BYTES);
      }
      return fromJson(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new SteleException("genesis.read", "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), toJson());
    } catch (IOException e) {
      throw new SteleException("genesis.write", "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("chainId", String.valueOf((char) chainId));
    root.put("timestamp", timestamp);
    ObjectNode p = root.putObject("parameters");
    p.put("blockIntervalMs", parameters.blockIntervalMs());
    ObjectNode fees = p.putObject("fees");
    for (TransactionType type : TransactionType.values()) {
      fees.put(type.label(), Long.toString(parameters.fee(type)));
    }
    p.put("candidateDeposit", Long.toString(parameters.candidateDeposit()));
    p.put("maxBlockTransactions", parameters.maxBlockTransactions());
    p.put("maxAnchorsPerTransaction", parameters.maxAnchorsPerTransaction());
    p.put("maxTransactionBytes", parameters.maxTransactionBytes());
    p.put("maxTimestampDriftMs", parameters.maxTimestampDriftMs());
    ConsensusParameters c = parameters.consensus();
    p.putObject("consensus")
        .put("witnessCount", c.witnessCount())
        .put("termBlocks", c.termBlocks())
        .put("interimBlocks", c.interimBlocks())
        .put("minBlockIntervalMs", c.minBlockIntervalMs())
        .put("producerTimeoutMs", c.producerTimeoutMs())
        .put("banBlocks", c.banBlocks());
    ArrayNode b = root.putArray("balances");
    balances.forEach(
        (address, amount) ->
            b.addObject().put("address", address.toString()).put("amount", Long.toString(amount)));
    ArrayNode w = root.putArray("witnesses");
    witnesses.forEach(key -> w.add(key.toString()));
    if (witnessDeposit > 0) {
      root.put("witnessDeposit", Long.toString(witnessDeposit));
    }
    return root;
  }

  public static Genesis fromJson(JsonNode root) {
    String chain = text(root, "chainId");
    if (chain.length() != 1) {
      throw new SteleException("genesis.chain_id", "chainId must be one character, got " + chain);
    }
    byte chainId = (byte) chain.charAt(0);
    long timestamp = number(root, "timestamp");
    JsonNode p = field(root, "parameters");
    JsonNode feesNode = field(p, "fees");
    Map<TransactionType, Long> fees = new EnumMap<>(TransactionType.class);
    for (Iterator<String> names = feesNode.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      fees.put(TransactionType.ofLabel(name), amount(feesNode, name));
    }
    Parameters parameters =
        new Parameters(
            number(p, "blockIntervalMs"),
            fees,
            amount(p, "candidateDeposit"),
            integer(p, "maxBlockTransactions"),
            integer(p, "maxAnchorsPerTransaction"),
            integer(p, "maxTransactionBytes"),
            number(p, "maxTimestampDriftMs"),
            consensus(field(p, "consensus")));
    Map<Address, Long> balances = new TreeMap<>();
    for (JsonNode entry : field(root, "balances")) {
      Address address = Address.fromBase58(text(entry, "address"), chainId);
      if (balances.put(address, amount(entry, "amount")) != null) {
        throw new SteleException("genesis.balance", "address " + address + " listed twice");
      }
    }
    List<PublicKey> witnesses = new ArrayList<>();
    for (JsonNode key : field(root, "witnesses")) {
      witnesses.add(PublicKey.fromBase58(key.asText()));
    }
    long deposit = root.has("witnessDeposit") ? amount(root, "witnessDeposit") : 0;
    return new Genesis(chainId, timestamp, parameters, balances, witnesses, deposit);
  }

  private static ConsensusParameters consensus(JsonNode c) {
    return new ConsensusParameters(
        integer(c, "witnessCount"),
        number(c, "termBlocks"),
        number(c, "interimBlocks"),
        number(c, "minBlockIntervalMs"),
        number(c, "producerTimeoutMs"),
        number(c, "banBlocks"));
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new SteleException("genesis.field", "genesis field '" + name + "' is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw new SteleException("genesis.field", "genesis field '" + name + "' must be a string");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new SteleException("genesis.field", "genesis field '" + name + "' must be an integer");
    }
    return value.asLong();
  }

  /** A number that must fit an int: a larger one is out of every such parameter's range. */
  private static int integer(JsonNode node, String name) {
    long value = number(node, name);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new SteleException("genesis.parameters", "'" + name + "' is out of range: " + value);
    }
    return (int) value;
  }

  private static long amount(JsonNode node, String name) {
    String text = text(node, name);
    if (!text.matches("0|[1-9][0-9]{0,18}")) {
      throw new SteleException(
          "genesis.amount", "'" + name + "' must be a decimal string of minor units: " + text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new SteleException("genesis.amount", "'" + name + "' is over 2^63-1: " + text);
    }
  }
}
