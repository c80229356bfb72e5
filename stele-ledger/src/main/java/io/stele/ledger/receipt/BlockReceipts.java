package io.stele.ledger.receipt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.merkle.MerkleTree;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Issues the receipts of one final block. The three Merkle trees (anchors under SHA-256 and
 * SHA3-256, transaction ids) are built once per block, so issuing each receipt costs only its
 * proofs. A receipt from a term whose witnesses differ from the genesis witnesses also carries the
 * set changes that lead to them. The receipt format is documented in docs/ledger.md.
 */
public final class BlockReceipts {
  public static final String CONTEXT = "https://w3id.org/chainpoint/v2";
  public static final String TYPE = "ChainpointSHA256v2";
  public static final String ANCHOR_TYPE = "STELE";

  private static final HexFormat HEX = HexFormat.of();

  private final Block block;
  private final List<byte[]> anchors;
  private final int[] transactionOfPosition;
  private final MerkleTree sha256;
  private final MerkleTree sha3;
  private final MerkleTree transactions;
  private final String header;
  private final String certificate;
  private final String blockHash;
  private final String[] transactionIds;
  private final ArrayNode[] transactionProofs;
  private final ArrayNode setChanges;

  /**
   * For a decoded block (decoding checked its roots): builds its trees. {@code setChanges} leads
   * from the genesis witness set to the block's ({@link WitnessSetChanges#proofFor}).
   */
  public BlockReceipts(
      Block block, FinalityCertificate certificate, List<WitnessSetChange> setChanges) {
    this(block, certificate, BlockTrees.of(block.transactions()), setChanges);
  }

  /** For a block whose trees were built when it was produced. */
  public BlockReceipts(
      Block block,
      FinalityCertificate certificate,
      BlockTrees trees,
      List<WitnessSetChange> setChanges) {
    this.block = block;
    this.anchors = block.anchoredHashes();
    this.transactionOfPosition = new int[anchors.size()];
    int position = 0;
    for (int i = 0; i < block.transactions().size(); i++) {
      Transaction tx = block.transactions().get(i);
      if (tx.payload() instanceof Payload.Anchor a) {
        for (int k = 0; k < a.hashes().size(); k++) {
          transactionOfPosition[position++] = i;
        }
      }
    }
    this.sha256 = trees.anchorsSha256();
    this.sha3 = trees.anchorsSha3();
    this.transactions = trees.transactions();
    this.header = Base64.getEncoder().encodeToString(block.header().encode());
    this.certificate = Base64.getEncoder().encodeToString(certificate.encode());
    this.blockHash = block.hash().toBase58();
    this.transactionIds = new String[block.transactions().size()];
    this.transactionProofs = new ArrayNode[block.transactions().size()];
    this.setChanges = JsonNodeFactory.instance.arrayNode();
    setChanges.forEach(change -> this.setChanges.add(change.toJson()));
  }

  /** Id and proof of transaction {@code index}, built once and shared by its hashes' receipts. */
  private synchronized void prepareTransaction(int index) {
    if (transactionIds[index] == null) {
      transactionProofs[index] = ProofSteps.toJson(transactions.prove(index));
      transactionIds[index] = block.transactions().get(index).id().toBase58();
    }
  }

  public int anchorCount() {
    return anchors.size();
  }

  /** The anchored hash at {@code position}. */
  public Bytes anchor(int position) {
    return Bytes.of(anchors.get(position));
  }

  /** The receipt of the hash at {@code position} among the block's anchors. */
  public ObjectNode receipt(int position) {
    int txIndex = transactionOfPosition[position];
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("@context", CONTEXT);
    r.put("type", TYPE);
    r.put("targetHash", HEX.formatHex(anchors.get(position)));
    r.put("merkleRoot", HEX.formatHex(sha256.root()));
    r.set("proof", ProofSteps.toJson(sha256.prove(position)));
    ObjectNode s3 = r.putObject("sha3");
    s3.put("merkleRoot", HEX.formatHex(sha3.root()));
    s3.set("proof", ProofSteps.toJson(sha3.prove(position)));
    ObjectNode anchor = r.putArray("anchors").addObject();
    anchor.put("type", ANCHOR_TYPE);
    prepareTransaction(txIndex);
    anchor.put("transaction", transactionIds[txIndex]);
    anchor.put("transactionIndex", txIndex);
    anchor.set("transactionProof", transactionProofs[txIndex].deepCopy());
    anchor.put("block", blockHash);
    anchor.put("height", block.height());
    anchor.put("position", position);
    r.put("chainId", String.valueOf((char) block.header().chainId()));
    r.put("header", header);
    r.put("finalityCertificate", certificate);
    if (!setChanges.isEmpty()) {
      r.set("witnessSetChanges", setChanges.deepCopy());
    }
    return r;
  }
}
