package io.caskade.lab.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as {@code 250ms}, {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S}). */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m)");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      double n = Double.parseDouble(m.group(1));
      double nanosPerUnit = switch (m.group(2)) {
        case "us" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        default -> 60e9;
      };
      return Duration.ofNanos(Math.round(n * nanosPerUnit));
    }
    try {
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new TypeConversionException("'" + value + "' is not a duration (try 250ms, 5s, 2m)");
    }
  }
}
