package io.stele.exchange.engine;

import java.util.Arrays;

/** Balances of one account, per asset id: what is free to use and what open orders hold. */
final class Account {
  final long id;
  long[] available;
  long[] reserved;

  Account(long id, int assets) {
    this.id = id;
    available = new long[Math.max(assets, 1)];
    reserved = new long[available.length];
  }

  /** Makes room for asset ids up to {@code asset}; allocates only when a new asset appears. */
  void ensure(int asset) {
    if (asset >= available.length) {
      int n = Math.max(asset + 1, available.length * 2);
      available = Arrays.copyOf(available, n);
      reserved = Arrays.copyOf(reserved, n);
    }
  }

  long available(int asset) {
    return asset < available.length ? available[asset] : 0;
  }

  long reserved(int asset) {
    return asset < reserved.length ? reserved[asset] : 0;
  }

  void reserve(int asset, long amount) {
    ensure(asset);
    available[asset] -= amount;
    reserved[asset] += amount;
  }

  void release(int asset, long amount) {
    reserved[asset] -= amount;
    available[asset] += amount;
  }
}
