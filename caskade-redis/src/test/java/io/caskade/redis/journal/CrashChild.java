package io.caskade.redis.journal;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.StringCodec;
import io.caskade.write.InMemoryWriteBehindQueue;
import io.caskade.write.WriteBehind;
import io.caskade.write.WriteBehindQueue;
import java.time.Duration;

/**
 * The process the crash test kills: makes {@code writes} writes ({@code k<i % keys>} =
 * {@code v<i>}) through a write-behind cache on a slow source, prints {@code ACKED <n>} when
 * every {@code Cache.write} has returned, then keeps flushing until it is killed.
 *
 * <p>Arguments: {@code durable|memory redisUri journalName writes keys} + the database
 * arguments of {@link CrashDb#args()}.
 */
public final class CrashChild {

  private CrashChild() {}

  static WriteBehind settings() {
    return WriteBehind.builder().batchSize(200).maxDelay(Duration.ofMillis(20))
        .capacity(50_000).backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String redisUri = args[1];
    String journal = args[2];
    int writes = Integer.parseInt(args[3]);
    int keys = Integer.parseInt(args[4]);
    CrashDb db = CrashDb.fromArgs(args, 5);
    WriteBehindQueue<String, String> queue = mode.equals("durable")
        ? RedisWriteJournal.builder(RedisConfig.standalone(redisUri), journal,
            KeyCodec.strings(), StringCodec.utf8()).settings(settings()).build()
        : new InMemoryWriteBehindQueue<>(journal, settings());
    Cache<String, String> cache = Caskade.<String, String>builder(journal)
        .writeBehind(db.writer(40), queue)
        .build();
    for (int i = 0; i < writes; i++) {
      cache.write("k" + (i % keys), "v" + i);
    }
    System.out.println("ACKED " + writes);
    System.out.flush();
    // Keep flushing until killed (the parent kills this process mid-flush).
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
