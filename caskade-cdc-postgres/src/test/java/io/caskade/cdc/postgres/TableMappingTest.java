package io.caskade.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Cache;
import io.caskade.Caskade;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a mapping plans for each kind of change, applied to a real (L1-only) cache. */
class TableMappingTest {

  private final Cache<String, String> cache = Caskade.<String, String>builder("mapping-test")
      .loader(k -> "loaded-" + k).build();

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void anUpdateOfAnUnwatchedColumnInvalidatesNothingAndOfAWatchedOneItsKey() {
    TableMapping<String> mapping = TableMapping.table("public.users", cache)
        .key(r -> r.get("email")).columns("email", "name").build();
    cache.put("a@x", "ann");

    apply(mapping, new Change("public.users", Change.Kind.UPDATE,
        row("1", "a@x", "ann", "10"), row("1", "a@x", "ann", "11")));
    assertThat(cache.getIfPresent("a@x")).isEqualTo("ann");

    apply(mapping, new Change("public.users", Change.Kind.UPDATE,
        row("1", "a@x", "ann", "11"), row("1", "a@x", "anne", "11")));
    assertThat(cache.getIfPresent("a@x")).isNull();
  }

  @Test
  void anUpdateWithoutAnOldImageAlwaysInvalidatesTheNewKey() {
    TableMapping<String> mapping = TableMapping.table("public.users", cache)
        .key(r -> r.get("id")).columns("name").build();
    cache.put("1", "ann");

    apply(mapping, new Change("public.users", Change.Kind.UPDATE, null,
        row("1", "a@x", "ann", "11")));

    assertThat(cache.getIfPresent("1")).isNull();
  }

  @Test
  void aKeyChangeInvalidatesBothKeysAndADeleteTheOldOne() {
    TableMapping<String> mapping = TableMapping.table("public.users", cache)
        .key(r -> r.get("email")).build();
    cache.put("a@x", "ann");
    cache.put("b@x", "not found before");
    cache.put("c@x", "cid");

    apply(mapping, new Change("public.users", Change.Kind.UPDATE,
        row("1", "a@x", "ann", "1"), row("1", "b@x", "ann", "1")));
    apply(mapping, new Change("public.users", Change.Kind.DELETE,
        row("3", "c@x", "cid", "1"), null));

    assertThat(cache.getIfPresent("a@x")).isNull();
    assertThat(cache.getIfPresent("b@x")).isNull();
    assertThat(cache.getIfPresent("c@x")).isNull();
  }

  @Test
  void aKeyColumnMissingFromTheImageIsNamedInTheError() {
    Row keyOnly = Row.of("public.users", Map.of("id", "1"));
    assertThatThrownBy(() -> keyOnly.get("email"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email").hasMessageContaining("REPLICA IDENTITY FULL");
  }

  @Test
  void aMappingNeedsAKeyOrTags() {
    assertThatThrownBy(() -> TableMapping.table("public.users", cache).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TableMapping.table("users", cache))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void apply(TableMapping<String> mapping, Change change) {
    InvalidationPlan plan = new InvalidationPlan();
    mapping.collect(change, plan);
    plan.apply();
  }

  private static Row row(String id, String email, String name, String visits) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("email", email);
    v.put("name", name);
    v.put("visits", visits);
    return Row.of("public.users", v);
  }
}
