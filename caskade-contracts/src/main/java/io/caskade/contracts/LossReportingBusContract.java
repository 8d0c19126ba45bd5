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
 * {@link InvalidationBusContract} plus what a bus that reports every loss of its connection must
 * do: {@code onBusDown} at once, {@code onAll} when it hears again (the PostgreSQL bus). A bus that
 * can make up for a lost subscription by comparing numbered messages with its server (the Redis
 * bus) reports only the losses it cannot make up for and extends {@link NumberedBusContract}
 * instead.
 */
public abstract class LossReportingBusContract extends InvalidationBusContract {

  @Test
  void aLostConnectionIsReportedAndItsEndClearsEverything() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus b = started(cache, heardByB);

    breakConnection(b);
    await("onBusDown").atMost(patience()).until(() -> heardByB.count(BusDown.class) >= 1);
    restoreConnection(b);

    await("onAll after onBusDown, and the bus up").atMost(patience())
        .until(() -> downsAnswered(heardByB.events()) && b.isUp());
    heardByB.clear();
    a.publishKeys(List.of("after"));
    await("delivery after the connection came back").atMost(patience())
        .until(() -> heardByB.keys().contains("after"));
  }

}
