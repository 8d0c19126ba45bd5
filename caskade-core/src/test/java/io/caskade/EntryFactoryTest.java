package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryFactoryTest {

  @Test
  void jitterSpreadsTtlsWithinTheConfiguredShare() {
    CacheBuilder<String, String> b = Caskade.<String, String>builder("jitter")
        .ttl(Duration.ofSeconds(100)).ttlJitter(0.2)
        .staleWhileRevalidate(Duration.ofSeconds(10)).staleIfError(Duration.ofSeconds(50))
        .randomSeed(3);
    EntryFactory<String, String> factory = new EntryFactory<>(CacheSpec.of(b),
        TagVersions.inProcess()); // randomSeed(3): jitter drawn from new Random(3)
    Set<Long> distinct = new HashSet<>();
    long now = 1_000_000_000L;
    for (int i = 0; i < 1_000; i++) {
      Entry<String> e = factory.create("k" + i, "v", now, 5);
      long ttl = e.freshUntil() - now;
      assertThat(ttl).isBetween(Duration.ofSeconds(80).toNanos(), Duration.ofSeconds(100).toNanos());
      assertThat(e.staleUntil() - e.freshUntil()).isEqualTo(Duration.ofSeconds(10).toNanos());
      assertThat(e.errorUntil() - e.freshUntil()).isEqualTo(Duration.ofSeconds(50).toNanos());
      assertThat(e.loadCostNanos()).isEqualTo(5);
      distinct.add(ttl / Duration.ofSeconds(1).toNanos());
    }
    assertThat(distinct).as("TTLs spread over the 80..100s range").hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void negativeEntriesUseTheNegativeTtlAndTagsRecordTheirVersions() {
    TagVersions tags = TagVersions.inProcess();
    long neverBumped = tags.current("t");
    long bumped = tags.bump("t");
    assertThat(bumped).isGreaterThan(neverBumped);
    CacheBuilder<String, String> b = Caskade.<String, String>builder("neg")
        .ttl(Duration.ofMinutes(5)).negativeTtl(Duration.ofSeconds(7))
        .tags((k, v) -> Set.of("t", "u"));
    EntryFactory<String, String> factory = new EntryFactory<>(CacheSpec.of(b), tags);
    Entry<String> notFound = factory.create("k", null, 0, 1);
    assertThat(notFound.isNotFound()).isTrue();
    assertThat(notFound.freshUntil()).isEqualTo(Duration.ofSeconds(7).toNanos());
    assertThat(notFound.tagVersions()).containsEntry("t", bumped)
        .containsEntry("u", neverBumped);
    tags.bump("u");
    assertThat(tags.isCurrent(notFound.tagVersions())).isFalse();
  }
}
