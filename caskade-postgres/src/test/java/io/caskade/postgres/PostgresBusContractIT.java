package io.caskade.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.bus.InvalidationBus;
import io.caskade.contracts.LossReportingBusContract;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The bus contract on a real PostgreSQL: every bus is another application instance (a hub of its
 * own); a lost connection is forced by terminating the bus's own listening backend
 * ({@code pg_terminate_backend}), after which the hub reconnects by itself.
 */
class PostgresBusContractIT extends LossReportingBusContract {

  private TestPostgres pg;
  private final Map<InvalidationBus, PostgresBusHub> hubs = new IdentityHashMap<>();

  @BeforeEach
  void connect() {
    pg = new TestPostgres();
  }

  @AfterEach
  void closeHubs() {
    pg.close();
    hubs.clear();
  }

  @Override
  protected InvalidationBus newBus() {
    PostgresBusHub hub = pg.hub();
    PostgresBus bus = hub.bus();
    hubs.put(bus, hub);
    return bus;
  }

  @Override
  protected void breakConnection(InvalidationBus bus) {
    assertThat(pg.terminateListener(hubs.get(bus))).as("listening backends terminated")
        .isEqualTo(1);
  }
}
