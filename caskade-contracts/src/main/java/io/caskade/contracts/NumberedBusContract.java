package io.caskade.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.caskade.bus.InvalidationBus;
import io.caskade.contracts.RecordingBusListener.All;
import io.caskade.contracts.RecordingBusListener.BusDown;
import io.caskade.contracts.RecordingBusListener.Event;
import io.caskade.contracts.RecordingBusListener.KeysLost;
import io.caskade.contracts.RecordingBusListener.Namespace;
import io.caskade.contracts.RecordingBusListener.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link InvalidationBusContract} plus what a bus that numbers its key messages per partition
 * must do: a gap is reported as lost keys of those partitions only, and an instance's own
 * messages are never a gap to it (the Redis bus).
 */
public abstract class NumberedBusContract extends InvalidationBusContract {

  /**
   * Makes a key message from {@code publisher} about {@code keys} get lost: its numbers advance as
   * if it had been sent, but no instance receives it.
   */
  protected abstract void loseKeysMessage(InvalidationBus publisher, String cache,
      List<String> keys);

  @Test
  void aLostMessageIsReportedForItsPartitionsOnly() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    started(cache, heardByB);
    a.publishKeys(List.of("k"));
    await().atMost(patience()).until(() -> heardByB.keys().contains("k"));

    loseKeysMessage(a, cache, List.of("k"));
    a.publishKeys(List.of("k"));

    await("the gap reported").atMost(patience())
        .until(() -> heardByB.count(KeysLost.class) >= 1);
    KeysLost lost = heardByB.events().stream().filter(KeysLost.class::isInstance)
        .map(KeysLost.class::cast).findFirst().orElseThrow();
    assertThat(lost.affected().test("k")).as("the lost key is affected").isTrue();
    long unaffected = 0;
    for (int i = 0; i < 100; i++) {
      if (!lost.affected().test("elsewhere-" + i)) {
        unaffected++;
      }
    }
    assertThat(unaffected).as("keys of other partitions (out of 100) left alone").isPositive();
    assertThat(heardByB.count(All.class)).as("onAll on a gap").isZero();
  }

  @Test
  void anInstancesOwnMessagesAreNoGapToIt() {
    String cache = ContractContext.uniqueCacheName();
    RecordingBusListener heardByA = new RecordingBusListener();
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus a = started(cache, heardByA);
    InvalidationBus b = started(cache, heardByB);

    for (int round = 0; round < 3; round++) { // one key, one partition, senders alternating
      String mark = "round-" + round;
      b.publishKeys(List.of("k"));
      a.publishKeys(List.of("k", mark));
      await().atMost(patience()).until(() -> heardByB.keys().contains(mark));
    }
    a.publishKeys(List.of("end"));
    b.publishKeys(List.of("end-b"));
    await().atMost(patience()).until(() -> heardByA.keys().contains("end-b")
        && heardByB.keys().contains("end"));

    assertThat(heardByB.count(KeysLost.class)).as("loss reports to B; B heard %s",
        heardByB.events()).isZero();
    assertThat(heardByA.count(KeysLost.class)).as("loss reports to A; A heard %s",
        heardByA.events()).isZero();
  }

}
