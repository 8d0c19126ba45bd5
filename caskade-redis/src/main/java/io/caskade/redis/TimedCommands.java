package io.caskade.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Objects;

/**
 * The platform's shared command connection as sync commands whose every call is bounded by one
 * component's own timeout (carried to Lettuce by {@link CommandDeadlines}), connecting first if
 * the connection is not open yet.
 */
final class TimedCommands {

  private TimedCommands() {}

  @SuppressWarnings("unchecked")
  static RedisClusterCommands<String, byte[]> of(RedisPlatform platform, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long nanos = timeout.toNanos();
    RedisConnection connection = platform.commandConnection();
    CommandDeadlines deadlines = platform.deadlines();
    return (RedisClusterCommands<String, byte[]>) Proxy.newProxyInstance(
        TimedCommands.class.getClassLoader(), new Class<?>[] {RedisClusterCommands.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
          }
          connection.connect();
          RedisClusterCommands<String, byte[]> sync = connection.sync();
          return deadlines.within(System.nanoTime() + nanos, () -> invoke(sync, method, args));
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "TimedCommands";
    };
  }
}
