package io.stele.net;

import io.stele.core.bytes.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gossip ids a node has already handled, bounded: the least recently seen id is forgotten
 * first, so a copy that arrives after {@code capacity} newer messages is treated as new.
 */
public final class SeenMessages {
  private final LinkedHashMap<Bytes, Boolean> ids;

  public SeenMessages(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.ids =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records {@code id}; true if it was not remembered yet. */
  public synchronized boolean add(Bytes id) {
    return ids.put(id, Boolean.TRUE) == null;
  }

  public synchronized boolean contains(Bytes id) {
    return ids.containsKey(id);
  }

  public synchronized int size() {
    return ids.size();
  }
}
