package io.caskade.lab.scenario;

import io.caskade.lab.source.User;
import io.caskade.tier.Tier;
import java.util.Optional;

/**
 * Where the lab gets its shared L2 tier.
 *
 * <p>TODO(caskade-redis): return a Redis tier from caskade-redis on
 * {@link LabSettings#redisUrl()} (else {@code io.caskade.testkit.RedisServers.shared()}), so that
 * {@code herd/fleet-lease}, {@code hierarchy/l2-only}, {@code hierarchy/l1+l2} and
 * {@code redis-down} can run. Until then {@link #available()} is false and those variants are
 * not offered.
 */
final class L2Tiers {

  private L2Tiers() {}

  /** True once a Redis tier can be made. */
  static boolean available() {
    return false;
  }

  /** A Redis tier for the {@code users} cache of one instance, when available. */
  static Optional<Tier<Long, User>> redis(LabContext context, int instance) {
    return Optional.empty();
  }
}
