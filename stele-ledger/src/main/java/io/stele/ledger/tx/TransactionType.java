package io.stele.ledger.tx;

import io.stele.core.error.SteleException;

/** The kinds of ledger transaction; the code is the type byte on the wire. */
public enum TransactionType {
  TRANSFER(1, "transfer"),
  ANCHOR(2, "anchor"),
  REGISTER_CANDIDATE(3, "register-candidate"),
  VOTE(4, "vote"),
  EVIDENCE(5, "evidence");

  private final int code;
  private final String label;

  TransactionType(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  /** The name used in JSON views, genesis fee tables and the command line. */
  public String label() {
    return label;
  }

  public static TransactionType ofCode(int code) {
    for (TransactionType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new SteleException("tx.type", "unknown transaction type " + code);
  }

  public static TransactionType ofLabel(String label) {
    for (TransactionType type : values()) {
      if (type.label.equals(label)) {
        return type;
      }
    }
    throw new SteleException("tx.type", "unknown transaction type '" + label + "'");
  }
}
