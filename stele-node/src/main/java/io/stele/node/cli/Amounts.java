package io.stele.node.cli;

import io.stele.core.error.SteleException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Amounts on the command line: decimal minor units, 0 to 2^63-1, no sign, no fraction. */
final class Amounts implements ITypeConverter<Long> {
  /** For amounts inside other option values: a bad one is a usage error naming the option. */
  static long option(String option, String value) {
    try {
      return new Amounts().convert(value);
    } catch (TypeConversionException e) {
      throw new SteleException("cli.bad_option", option + ": " + e.getMessage());
    }
  }

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
