package io.stele.exchange.replay;

import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names of assets or markets in a replay file and the engine ids behind them: the n-th name that is
 * successfully defined gets id n, so the same file always maps to the same ids.
 */
final class Symbols {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  private final String kind;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();

  Symbols(String kind) {
    this.kind = kind;
  }

  static String checkName(String name, String field) {
    if (!NAME.matcher(name).matches()) {
      throw new SteleException(
          "replay.symbol", field + " must be 1 to 32 of A-Z a-z 0-9 . _ -, got \"" + name + "\"");
    }
    return name;
  }

  /** The id the next definition would get. */
  int next() {
    return names.size();
  }

  boolean has(String name) {
    return ids.containsKey(name);
  }

  void define(String name) {
    ids.put(name, names.size());
    names.add(name);
  }

  int id(String name) {
    Integer id = ids.get(name);
    if (id == null) {
      throw new SteleException(kind + ".unknown", kind + " \"" + name + "\" has not been created");
    }
    return id;
  }

  String name(int id) {
    return id >= 0 && id < names.size() ? names.get(id) : Integer.toString(id);
  }
}
