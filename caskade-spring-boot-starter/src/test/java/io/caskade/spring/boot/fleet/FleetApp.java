package io.caskade.spring.boot.fleet;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/** One instance of the fleet; the test hands every instance the same {@link UserTable}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class FleetApp {

  @Bean
  UserService userService(UserTable table) {
    return new UserService(table);
  }
}
