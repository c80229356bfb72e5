package io.stele.exchange.engine;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Open-addressing map from long keys to non-null values: linear probing, backward-shift deletion
 * (no tombstones), power-of-two capacity kept at most half full. Lookups and removals allocate
 * nothing; inserts allocate only when the table doubles. Written here rather than pulled in because
 * the engine needs just get/put/remove/forEach and a dependency for that is not worth its weight.
 */
final class LongMap<V> {
  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;

  LongMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int i = slot(key);
    Object v;
    while ((v = values[i]) != null) {
      if (keys[i] == key) {
        return (V) v;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  void put(long key, V value) {
    int i = slot(key);
    while (values[i] != null) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  @SuppressWarnings("unchecked")
  V remove(long key) {
    int i = slot(key);
    Object v;
    while ((v = values[i]) != null) {
      if (keys[i] == key) {
        shiftBack(i);
        size--;
        return (V) v;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Visits every key, in no particular order. */
  void forEachKey(LongConsumer action) {
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        action.accept(keys[i]);
      }
    }
  }

  /** All keys in ascending order (allocates; for dumps and tests, not the hot path). */
  long[] sortedKeys() {
    long[] out = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        out[n++] = keys[i];
      }
    }
    Arrays.sort(out);
    return out;
  }

  // Removing from a linear-probing run: pull later entries back so no probe chain is broken.
  private void shiftBack(int gap) {
    int i = gap;
    while (true) {
      i = (i + 1) & mask;
      if (values[i] == null) {
        break;
      }
      int home = slot(keys[i]);
      // Move the entry at i into the gap unless its home lies cyclically in (gap, i].
      boolean stays = gap <= i ? (gap < home && home <= i) : (gap < home || home <= i);
      if (!stays) {
        keys[gap] = keys[i];
        values[gap] = values[i];
        gap = i;
      }
    }
    values[gap] = null;
    keys[gap] = 0;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        int j = slot(oldKeys[i]);
        while (values[j] != null) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }
}
