package io.stele.node.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A chain id on the command line: one printable ASCII character, such as D or T. */
final class ChainIdConverter implements ITypeConverter<Byte> {
  static final String DEVNET = "D";

  @Override
  public Byte convert(String value) {
    if (value.length() != 1 || value.charAt(0) < 0x21 || value.charAt(0) > 0x7E) {
      throw new TypeConversionException(
          "a chain id is one printable ASCII character, not '" + value + "'");
    }
    return (byte) value.charAt(0);
  }
}
