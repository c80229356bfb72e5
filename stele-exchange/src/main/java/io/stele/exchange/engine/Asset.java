package io.stele.exchange.engine;

/** A tradable asset: its number of decimals and the total held by all accounts (supply). */
final class Asset {
  final int id;
  final int decimals;
  long supply;

  Asset(int id, int decimals) {
    this.id = id;
    this.decimals = decimals;
  }
}
