package io.caskade.cdc.postgres;

import io.caskade.Cache;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which cache entries a committed change of one table invalidates: the keys computed from the
 * row's old and new images (so a key-changing update invalidates both keys), and the tags computed
 * from them. Immutable; declare one per table and cache:
 *
 * <pre>{@code
 * TableMapping.table("public.users", usersCache)
 *     .key(row -> row.getLong("id"))
 *     .tags(row -> Set.of("org:" + row.get("org_id")))   // needs REPLICA IDENTITY FULL for deletes
 *     .columns("name", "email", "org_id")                 // ignore updates touching only others
 *     .build();
 * }</pre>
 *
 * <p>A delete (and the old image of an update) carries only the replica identity's columns —
 * the primary key by default: a key function on those columns always works; tags, or keys on
 * other columns, need {@code ALTER TABLE … REPLICA IDENTITY FULL}. A TRUNCATE invalidates the
 * whole cache ({@link Cache#invalidateAll()}).
 *
 * @param <K> the cache's key type
 */
public final class TableMapping<K> {

  private final String table;
  private final Cache<K, ?> cache;
  private final Function<Row, ? extends K> key;
  private final Function<Row, ? extends Collection<String>> tags;
  private final Set<String> columns;

  private TableMapping(Builder<K> b) {
    this.table = b.table;
    this.cache = b.cache;
    this.key = b.key;
    this.tags = b.tags;
    this.columns = b.columns;
  }

  /** Starts a mapping of {@code table} ({@code schema.name}, e.g. {@code public.users}). */
  public static <K> Builder<K> table(String table, Cache<K, ?> cache) {
    return new Builder<>(table, cache);
  }

  /** {@code schema.name}. */
  public String table() {
    return table;
  }

  /** The cache this mapping invalidates. */
  public Cache<K, ?> cache() {
    return cache;
  }

  /** Adds what {@code change} invalidates to {@code plan}; nothing when no watched column changed. */
  void collect(Change change, InvalidationPlan plan) {
    if (!watchedColumnChanged(change)) {
      return;
    }
    for (Row row : new Row[] {change.before(), change.after()}) {
      if (row == null) {
        continue;
      }
      if (key != null) {
        K k = key.apply(row);
        if (k != null) {
          plan.key(cache, k);
        }
      }
      if (tags != null) {
        Collection<String> t = tags.apply(row);
        if (t != null) {
          t.forEach(tag -> plan.tag(cache, tag));
        }
      }
    }
  }

  /** Adds a whole-cache invalidation (TRUNCATE) to {@code plan}. */
  void collectTruncate(InvalidationPlan plan) {
    plan.all(cache);
  }

  /**
   * False only when both images are complete for every watched column and none differs: an update
   * under the default identity (no old image) always counts as a change.
   */
  private boolean watchedColumnChanged(Change change) {
    if (columns.isEmpty() || change.kind() != Change.Kind.UPDATE || change.before() == null) {
      return true;
    }
    for (String c : columns) {
      if (!change.before().has(c) || !change.after().has(c)
          || !Objects.equals(change.before().get(c), change.after().get(c))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "TableMapping{" + table + " -> " + cache.name() + '}';
  }

  /** Builds a {@link TableMapping}; a key function, tags, or both. */
  public static final class Builder<K> {
    private final String table;
    private final Cache<K, ?> cache;
    private Function<Row, ? extends K> key;
    private Function<Row, ? extends Collection<String>> tags;
    private Set<String> columns = Set.of();

    private Builder(String table, Cache<K, ?> cache) {
      this.table = Objects.requireNonNull(table, "table");
      if (!table.contains(".")) {
        throw new IllegalArgumentException("table must be schema.name: " + table);
      }
      this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The cache key of a row image (applied to the old and the new image); null for none. */
    public Builder<K> key(Function<Row, ? extends K> key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The tags a row image's entries were built under (old and new image); null for none. */
    public Builder<K> tags(Function<Row, ? extends Collection<String>> tags) {
      this.tags = Objects.requireNonNull(tags, "tags");
      return this;
    }

    /**
     * Only updates that change one of these columns invalidate (when the old image carries them,
     * i.e. with {@code REPLICA IDENTITY FULL}); default: every update.
     */
    public Builder<K> columns(String... columns) {
      this.columns = Set.copyOf(List.of(columns));
      return this;
    }

    public TableMapping<K> build() {
      if (key == null && tags == null) {
        throw new IllegalStateException("mapping of " + table + " needs a key function or tags");
      }
      return new TableMapping<>(this);
    }
  }
}
