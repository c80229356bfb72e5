package io.stele.ledger.tx;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Addresses of the accounts a node sees again and again. Deriving an address from a key costs three
 * secure hashes (six hash runs) and checking a decoded one's checksum two; a node does one or the
 * other for every sender, recipient and state entry of every transaction. Both are pure functions
 * of their bytes, so recent results are kept in bounded caches shared by the whole process; a
 * decoded address whose checksum fails is refused every time and never kept.
 */
public final class Addresses {
  private static final Memo<Sender, Address> DERIVED =
      new Memo<>(4096, s -> Address.of(s.key(), s.chainId()));
  private static final Memo<Bytes, Address> DECODED = new Memo<>(8192, Address::new);

  private record Sender(PublicKey key, byte chainId) {}

  private Addresses() {}

  /** {@link Address#of(PublicKey, byte)}, remembered. */
  public static Address of(PublicKey key, byte chainId) {
    return DERIVED.get(new Sender(key, chainId));
  }

  /** The address these 26 bytes encode, checked as {@link Address#Address(Bytes)} checks it. */
  public static Address decode(Bytes bytes) {
    return DECODED.get(bytes);
  }

  /**
   * One entry per slot: a key hashing to a taken slot replaces its entry, so the memo never holds
   * more than its slot count. Entries are immutable and published with release/acquire; a race
   * costs at most a second computation of the same value.
   */
  private static final class Memo<K, V> {
    private record Entry<K, V>(K key, V value) {}

    private final AtomicReferenceArray<Entry<K, V>> slots;
    private final Function<K, V> compute;

    Memo(int size, Function<K, V> compute) {
      this.slots = new AtomicReferenceArray<>(size);
      this.compute = compute;
    }

    V get(K key) {
      int h = key.hashCode();
      int slot = (h ^ (h >>> 16)) & (slots.length() - 1);
      Entry<K, V> entry = slots.getAcquire(slot);
      if (entry != null && entry.key().equals(key)) {
        return entry.value();
      }
      V value = compute.apply(key);
      slots.setRelease(slot, new Entry<>(key, value));
      return value;
    }
  }
}
