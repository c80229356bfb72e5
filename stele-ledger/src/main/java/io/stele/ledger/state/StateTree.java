package io.stele.ledger.state;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state commitment: every state entry (key, value) falls into one of 2^16 buckets chosen by the
 * first two bytes of SHA-256(key); a bucket's hash is SHA-256 over its entries in key order, and a
 * fixed-depth binary Merkle tree over the buckets gives the root. Updating an entry rehashes its
 * bucket and the 16 nodes above it, so the cost of a block follows the entries it touched, not the
 * size of the state. The root depends only on the set of entries, never on the order of writes.
 */
public final class StateTree {
  static final int DEPTH = 16;
  private static final int BUCKETS = 1 << DEPTH;
  private static final byte[] NODE = {1};

  /** defaults[d]: hash of an empty subtree whose leaves are d levels below it. */
  private static final byte[][] DEFAULTS = new byte[DEPTH + 1][];

  static {
    DEFAULTS[0] = HashFunction.SHA256.hash(new byte[0]);
    for (int d = 1; d <= DEPTH; d++) {
      DEFAULTS[d] = HashFunction.SHA256.hash(NODE, DEFAULTS[d - 1], DEFAULTS[d - 1]);
    }
  }

  private final List<TreeMap<Bytes, byte[]>> buckets =
      new ArrayList<>(Collections.nCopies(BUCKETS, null));

  /** Heap layout: node 1 is the root, node i has children 2i and 2i+1, leaves from BUCKETS. */
  private final byte[][] nodes = new byte[2 * BUCKETS][];

  private final BitSet dirty = new BitSet(BUCKETS);

  public void put(Bytes key, byte[] value) {
    int bucket = bucketOf(key);
    TreeMap<Bytes, byte[]> entries = buckets.get(bucket);
    if (entries == null) {
      entries = new TreeMap<>();
      buckets.set(bucket, entries);
    }
    entries.put(key, value.clone());
    dirty.set(bucket);
  }

  /** The value of {@code key}, or null; the caller must not change it. */
  byte[] get(Bytes key) {
    TreeMap<Bytes, byte[]> entries = buckets.get(bucketOf(key));
    return entries == null ? null : entries.get(key);
  }

  /** Removes {@code key}, as if it had never been written. */
  void remove(Bytes key) {
    int bucket = bucketOf(key);
    TreeMap<Bytes, byte[]> entries = buckets.get(bucket);
    if (entries != null && entries.remove(key) != null) {
      dirty.set(bucket);
    }
  }

  static int bucketOf(Bytes key) {
    byte[] h = HashFunction.SHA256.hash(key.unsafeArray());
    return ((h[0] & 0xFF) << 8) | (h[1] & 0xFF);
  }

  /** The root over all entries; rehashes only buckets written since the last call. */
  public Bytes root() {
    BitSet level = new BitSet(BUCKETS);
    for (int b = dirty.nextSetBit(0); b >= 0; b = dirty.nextSetBit(b + 1)) {
      nodes[BUCKETS + b] = bucketHash(buckets.get(b));
      level.set(b >>> 1);
    }
    dirty.clear();
    // Walk up one level at a time so a node shared by many touched buckets is hashed once.
    for (int height = 1, offset = BUCKETS >>> 1; height <= DEPTH; height++, offset >>>= 1) {
      BitSet up = new BitSet(offset);
      for (int i = level.nextSetBit(0); i >= 0; i = level.nextSetBit(i + 1)) {
        int index = offset + i;
        nodes[index] =
            HashFunction.SHA256.hash(
                NODE, node(2 * index, height - 1), node(2 * index + 1, height - 1));
        up.set(i >>> 1);
      }
      level = up;
    }
    return Bytes.of(node(1, DEPTH));
  }

  private byte[] node(int index, int height) {
    byte[] hash = nodes[index];
    return hash != null ? hash : DEFAULTS[height];
  }

  private static byte[] bucketHash(TreeMap<Bytes, byte[]> entries) {
    ByteWriter w = new ByteWriter(64 * entries.size());
    for (Map.Entry<Bytes, byte[]> e : entries.entrySet()) {
      w.bytes16(e.getKey().unsafeArray()).bytes16(e.getValue());
    }
    return HashFunction.SHA256.hash(w.toByteArray());
  }
}
