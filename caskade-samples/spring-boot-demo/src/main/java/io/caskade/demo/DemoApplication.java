package io.caskade.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * Users behind {@code @Cacheable(sync = true)}. Two copies on two ports against one Redis (and
 * one database) are two instances of one fleet:
 *
 * <pre>
 * java -jar target/caskade-spring-boot-demo.jar --server.port=8081
 * java -jar target/caskade-spring-boot-demo.jar --server.port=8082
 * </pre>
 */
@SpringBootApplication
@EnableCaching
public class DemoApplication {

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
