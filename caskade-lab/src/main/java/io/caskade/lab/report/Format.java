package io.caskade.lab.report;

import java.util.Locale;

/** Number formats shared by the console and HTML tables. */
final class Format {

  private Format() {}

  /** Microseconds as a short human duration: 850us, 12.3ms, 1.20s. */
  static String micros(long micros) {
    if (micros < 1_000) {
      return micros + "us";
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fms", micros / 1_000.0);
    }
    return String.format(Locale.ROOT, "%.2fs", micros / 1_000_000.0);
  }

  /** A ratio as a percentage with one decimal. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  /** A count with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A scenario-specific value: numbers compactly, everything else as text. */
  static String value(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? count((long) d)
          : String.format(Locale.ROOT, "%.3f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return count(((Number) v).longValue());
    }
    return String.valueOf(v);
  }
}
