package io.caskade.http;

import io.caskade.CacheEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The validators of a response built from a cache entry — a strong {@code ETag} from the entry's
 * version and {@code Last-Modified} from its load time — and the evaluation of a conditional GET
 * against them (RFC 9110 §13: {@code If-None-Match} wins over {@code If-Modified-Since}).
 */
public final class Validators {

  private Validators() {}

  /** The strong entity tag of {@code entry}: its version, quoted. */
  public static String etag(CacheEntry<?> entry) {
    return "\"" + Long.toHexString(entry.version()) + '"';
  }

  /** {@code Last-Modified}: when the entry was loaded, to the second. */
  public static Instant lastModified(CacheEntry<?> entry) {
    return entry.loadedAt().truncatedTo(ChronoUnit.SECONDS);
  }

  /** An HTTP-date (RFC 9110 IMF-fixdate). */
  public static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
  }

  /**
   * True when a GET/HEAD with these request headers may be answered {@code 304 Not Modified} from
   * {@code entry}: one of the {@code If-None-Match} tags matches the ETag (weak comparison), or —
   * only when there is no {@code If-None-Match} — the entry was not loaded after
   * {@code If-Modified-Since}.
   *
   * @param ifNoneMatch the header's value, or null
   * @param ifModifiedSince the header's value, or null
   */
  public static boolean notModified(CacheEntry<?> entry, String ifNoneMatch,
      String ifModifiedSince) {
    if (ifNoneMatch != null) {
      return matches(ifNoneMatch, etag(entry));
    }
    if (ifModifiedSince != null) {
      Instant since = parseDate(ifModifiedSince);
      return since != null && !lastModified(entry).isAfter(since);
    }
    return false;
  }

  /** Whether a conditional header is present at all. */
  public static boolean isConditional(String ifNoneMatch, String ifModifiedSince) {
    return ifNoneMatch != null || ifModifiedSince != null;
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    String trimmed = ifNoneMatch.trim();
    if (trimmed.equals("*")) {
      return true;
    }
    for (String candidate : trimmed.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static Instant parseDate(String value) {
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null; // RFC 9110: an invalid date is ignored
    }
  }
}
