package io.caskade.spring.boot.fleet;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Application contexts of {@link FleetApp} that share one {@link UserTable}: a fleet. */
final class Fleet implements AutoCloseable {

  final UserTable table;
  final List<ConfigurableApplicationContext> instances = new ArrayList<>();

  Fleet(UserTable table, int size, String... properties) {
    this.table = table;
    for (int i = 0; i < size; i++) {
      SpringApplication app = new SpringApplicationBuilder(FleetApp.class)
          .web(WebApplicationType.NONE)
          .properties(properties)
          .properties("spring.main.banner-mode=off")
          .initializers(ctx -> ctx.getBeanFactory().registerSingleton("userTable", table))
          .build();
      instances.add(app.run());
    }
  }

  UserService service(int instance) {
    return instances.get(instance % instances.size()).getBean(UserService.class);
  }

  <T> T bean(int instance, Class<T> type) {
    return instances.get(instance).getBean(type);
  }

  @Override
  public void close() {
    instances.forEach(ConfigurableApplicationContext::close);
  }
}
