package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.MerkleTree;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The three RFC 6962 trees a header commits to: transaction ids (SHA-256) and the block's anchored
 * hashes under SHA-256 and SHA3-256. Built once per block and shared by the producer (roots) and
 * the receipts (proofs).
 */
public record BlockTrees(
    MerkleTree transactions, MerkleTree anchorsSha256, MerkleTree anchorsSha3) {

  public static BlockTrees of(List<Transaction> transactions) {
    List<byte[]> ids = new ArrayList<>(transactions.size());
    transactions.forEach(tx -> ids.add(tx.id().unsafeArray()));
    List<byte[]> anchors = Block.anchoredHashes(transactions);
    return new BlockTrees(
        MerkleTree.build(HashFunction.SHA256, ids),
        MerkleTree.build(HashFunction.SHA256, anchors),
        MerkleTree.build(HashFunction.SHA3_256, anchors));
  }

  public Bytes transactionsRoot() {
    return Bytes.wrap(transactions.root());
  }

  public Bytes anchorRootSha256() {
    return Bytes.wrap(anchorsSha256.root());
  }

  public Bytes anchorRootSha3() {
    return Bytes.wrap(anchorsSha3.root());
  }

  public int anchorCount() {
    return anchorsSha256.size();
  }
}
