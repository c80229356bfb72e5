package io.stele.core.codec;

import io.stele.core.error.SteleException;

/** Bytes that do not decode: truncated, overlong, unknown version or type, or trailing data. */
public final class CodecException extends SteleException {
  private static final long serialVersionUID = 1L;

  public CodecException(String code, String message) {
    super(code, message);
  }
}
