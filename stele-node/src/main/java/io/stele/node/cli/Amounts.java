package io.stele.node.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Amounts on the command line: decimal minor units, 0 to 2^63-1, no sign, no fraction. */
final class Amounts implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    if (!value.matches("0|[1-9][0-9]{0,18}")) {
      throw new TypeConversionException(
          "'" + value + "' is not an amount: give whole minor units, e.g. 1500");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is over 2^63-1");
    }
  }
}
