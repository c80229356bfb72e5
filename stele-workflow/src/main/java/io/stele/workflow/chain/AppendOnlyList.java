package io.stele.workflow.chain;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list whose {@link #plus} shares storage with the list it extends, so a chain that
 * gains one event (or a process one response) per step does not copy all earlier ones, which made
 * long chains quadratic. Versions share one array; only appending to a version that is not the
 * newest copies.
 */
public final class AppendOnlyList<E> extends AbstractList<E> implements RandomAccess {
  private static final class Storage {
    volatile Object[] items;
    int length;

    Storage(Object[] items, int length) {
      this.items = items;
      this.length = length;
    }
  }

  private final Storage storage;
  private final int size;

  private AppendOnlyList(Storage storage, int size) {
    this.storage = storage;
    this.size = size;
  }

  /** The list itself if it already is one, else an immutable copy. */
  public static <E> AppendOnlyList<E> of(List<E> items) {
    if (items instanceof AppendOnlyList<E> list) {
      return list;
    }
    Object[] copy = items.toArray();
    for (Object item : copy) {
      if (item == null) {
        throw new NullPointerException("null element");
      }
    }
    return new AppendOnlyList<>(new Storage(copy, copy.length), copy.length);
  }

  /** This list with {@code item} at the end; this list is unchanged. */
  public AppendOnlyList<E> plus(E item) {
    if (item == null) {
      throw new NullPointerException("null element");
    }
    synchronized (storage) {
      if (storage.length == size) {
        Object[] items = storage.items;
        if (items.length == size) {
          items = Arrays.copyOf(items, Math.max(8, size * 2));
        }
        items[size] = item;
        storage.items = items;
        storage.length = size + 1;
        return new AppendOnlyList<>(storage, size + 1);
      }
    }
    Object[] copy = new Object[Math.max(8, size * 2)];
    System.arraycopy(storage.items, 0, copy, 0, size);
    copy[size] = item;
    return new AppendOnlyList<>(new Storage(copy, size + 1), size + 1);
  }

  @Override
  @SuppressWarnings("unchecked") // only E is ever stored
  public E get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return (E) storage.items[index];
  }

  @Override
  public int size() {
    return size;
  }
}
