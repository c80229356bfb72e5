package io.stele.api.fix;

import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which venue order each ClOrdID names, per account, kept in an append-only text file so that a
 * restart keeps every order reachable by all its ClOrdIDs. One line per name the venue accepted:
 * {@code account orderId totalQuantity clOrdId}; the total is what FIX reports as OrderQty, which
 * the venue no longer holds once an order is cancelled. Names of requests still in flight are
 * reserved in memory only. Not thread safe: {@link VenueFixPort} guards it.
 */
final class ClientOrderIds implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e]{1,64}");

  private record Key(long account, String clientOrderId) {}

  private final Map<Key, Long> orders = new HashMap<>();
  private final Map<Long, String> current = new HashMap<>();
  private final Map<Long, Long> totals = new HashMap<>();
  private final FileChannel file;
  private boolean dirty;

  private ClientOrderIds(FileChannel file) {
    this.file = file;
  }

  /** Loads {@code path} (created when missing) and appends to it from then on. */
  static ClientOrderIds open(Path path) {
    ClientOrderIds ids;
    try {
      Files.createDirectories(path.getParent());
      List<String> lines = Files.exists(path) ? Files.readAllLines(path) : List.of();
      ids =
          new ClientOrderIds(
              FileChannel.open(
                  path,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND));
      for (int i = 0; i < lines.size(); i++) {
        ids.load(lines.get(i), path, i + 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + path, e);
    }
    return ids;
  }

  private void load(String line, Path path, int number) {
    String[] parts = line.split(" ", -1);
    try {
      if (parts.length != 4 || !NAME.matcher(parts[3]).matches()) {
        throw new NumberFormatException("not four fields");
      }
      put(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
    } catch (NumberFormatException e) {
      throw new SteleException(
          "fix.client_ids", path + " line " + number + " is not 'account orderId total clOrdId'");
    }
  }

  /** Refuses a name that cannot be kept on one line, or that the account has used. */
  void checkNew(long account, String clientOrderId) {
    if (!NAME.matcher(clientOrderId).matches()) {
      throw new SteleException(
          "order.client_id", "ClOrdID(11) must be 1 to 64 printable ASCII characters, no spaces");
    }
    if (orders.containsKey(new Key(account, clientOrderId))) {
      throw new SteleException(
          "order.duplicate_client_id", "ClOrdID " + clientOrderId + " was used");
    }
  }

  Optional<Long> order(long account, String clientOrderId) {
    return Optional.ofNullable(orders.get(new Key(account, clientOrderId)));
  }

  boolean known(long orderId) {
    return current.containsKey(orderId);
  }

  /** The order's latest accepted ClOrdID, if it is a FIX order. */
  Optional<String> current(long orderId) {
    return Optional.ofNullable(current.get(orderId));
  }

  Optional<Long> total(long orderId) {
    return Optional.ofNullable(totals.get(orderId));
  }

  /** Holds a name for a request in flight, so that no other request takes it meanwhile. */
  void reserve(long account, String clientOrderId, long orderId) {
    orders.put(new Key(account, clientOrderId), orderId);
  }

  void release(long account, String clientOrderId) {
    orders.remove(new Key(account, clientOrderId));
  }

  /** The venue accepted the request named {@code clientOrderId}: it is now the order's name. */
  void accept(long account, long orderId, long total, String clientOrderId) {
    put(account, orderId, total, clientOrderId);
    String line = account + " " + orderId + " " + total + " " + clientOrderId + "\n";
    try {
      file.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append a ClOrdID", e);
    }
    dirty = true;
  }

  /** An amend or cancel that did not come through FIX changed the order's total. */
  void updateTotal(long orderId, long total) {
    totals.put(orderId, total);
  }

  private void put(long account, long orderId, long total, String clientOrderId) {
    orders.put(new Key(account, clientOrderId), orderId);
    current.put(orderId, clientOrderId);
    totals.put(orderId, total);
  }

  /** Makes the lines appended since the last call durable (once per venue group). */
  void force() {
    if (!dirty) {
      return;
    }
    dirty = false;
    try {
      file.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the ClOrdID file", e);
    }
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the ClOrdID file", e);
    }
  }
}
