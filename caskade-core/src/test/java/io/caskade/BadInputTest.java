package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error and breaks nothing for other keys. */
class BadInputTest {

  private final CountingLoader<String, String> loader = new CountingLoader<>(String::toUpperCase);

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    try (Cache<String, String> cache = Caskade.<String, String>builder("nulls").loader(loader).build()) {
      assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
      assertThatThrownBy(() -> cache.get("k", null)).isInstanceOf(NullPointerException.class).hasMessage("loader");
      assertThatThrownBy(() -> cache.put("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
      assertThatThrownBy(() -> cache.put(null, "v")).isInstanceOf(NullPointerException.class).hasMessage("key");
      assertThatThrownBy(() -> cache.getIfPresent(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
      assertThatThrownBy(() -> cache.invalidate(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
      assertThatThrownBy(() -> cache.getAll(Arrays.asList("a", null)))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("keys");
      assertThatThrownBy(() -> cache.getAsync(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
      assertThat(cache.get("ok")).isEqualTo("OK");
    }
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> Caskade.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Caskade.builder("x").ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> Caskade.builder("x").ttlJitter(0.9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttlJitter");
    assertThatThrownBy(() -> Caskade.builder("x").earlyRefresh(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta");
    assertThatThrownBy(() -> Caskade.builder("x").staleIfError(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("staleIfError");
  }

  @Test
  void readThroughWithoutALoaderSaysSo() {
    try (Cache<String, String> cache = Caskade.<String, String>builder("no-loader").build()) {
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no loader");
      assertThat(cache.get("k", k -> "aside")).isEqualTo("aside");
    }
  }

  @Test
  void aThrowingLoaderFailsOnlyItsKeyAndIsNotCached() {
    try (Cache<String, String> cache = Caskade.<String, String>builder("throwing").loader(k -> {
      if (k.startsWith("bad")) {
        throw new java.io.IOException("disk on fire");
      }
      return k;
    }).build()) {
      assertThatThrownBy(() -> cache.get("bad1"))
          .isInstanceOf(CacheLoadException.class)
          .hasCauseInstanceOf(java.io.IOException.class)
          .hasMessageContaining("bad1");
      assertThat(cache.lookup("bad1").isCached()).isFalse();
      assertThat(cache.get("good")).isEqualTo("good");
      assertThatThrownBy(() -> cache.getAll(List.of("good", "bad2")))
          .isInstanceOf(CacheLoadException.class);
      assertThat(cache.get("good")).isEqualTo("good");
    }
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aLoaderReturningTheWrongTypeFailsThatLoadWhenTheTypeIsDeclared() {
    CacheLoader garbage = k -> 42; // heap pollution, as a raw-typed loader could produce
    try (Cache<String, String> cache = Caskade.<String, String>builder("typed")
        .valueType(String.class).loader(garbage).build()) {
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(CacheLoadException.class)
          .hasCauseInstanceOf(ClassCastException.class)
          .hasMessageContaining("java.lang.Integer");
      assertThat(cache.lookup("k").isCached()).isFalse();
      assertThat(cache.get("other", k -> "fine")).isEqualTo("fine");
    }
  }
}
