package io.caskade.jcache.store;

import java.io.ObjectInputFilter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Java deserialization may create from bytes that come from outside this JVM — values read
 * from the Redis L2 and keys read from the invalidation bus. The envelope's checksum catches
 * damage, not intent: anyone who can write to Redis could otherwise hand the JVM a gadget chain.
 * So those bytes are read through an allow-list: the JDK's value types ({@code java.lang},
 * {@code java.util}, {@code java.time}, {@code java.math}), this provider's own entry classes,
 * Hibernate's cache entries and query keys ({@code org.hibernate.cache.**},
 * {@code org.hibernate.query.**}), and what the system property
 * {@value #PROPERTY} adds, in {@link ObjectInputFilter.Config#createFilter} syntax (e.g.
 * {@code com.example.model.**;com.example.Money}); everything else is refused, and the entry reads
 * as a miss. Store-by-value copies of objects this JVM holds are not filtered.
 */
public final class SerialFilter {

  /** The system property with the application's own patterns, separated by {@code ;}. */
  public static final String PROPERTY = "caskade.jcache.serialFilter";

  private static final String LIMITS = "maxdepth=100;maxrefs=1000000;maxbytes=67108864;maxarray=16777216";
  private static final String ALLOWED = "java.lang.*;java.util.*;java.time.*;java.math.*;java.io.Serializable;"
      + "io.caskade.jcache.**;org.hibernate.cache.**;org.hibernate.query.**";

  private static final Logger log = LoggerFactory.getLogger(SerialFilter.class);
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private SerialFilter() {}

  /** The filter in force (the property is read each time, so tests and apps can set it late). */
  public static ObjectInputFilter current() {
    String extra = System.getProperty(PROPERTY, "").trim();
    String patterns = LIMITS + ";" + ALLOWED + (extra.isEmpty() ? "" : ";" + extra) + ";!*";
    ObjectInputFilter byName = ObjectInputFilter.Config.createFilter(patterns);
    return info -> {
      Class<?> c = info.serialClass();
      if (c != null) {
        while (c.isArray()) {
          c = c.getComponentType();
        }
        if (c.isPrimitive()) {
          return ObjectInputFilter.Status.ALLOWED; // arrays of primitives
        }
      }
      ObjectInputFilter.Status status = byName.checkInput(info);
      if (status == ObjectInputFilter.Status.REJECTED && c != null && REPORTED.add(c.getName())) {
        log.warn("refused to deserialize {} from Redis or the bus: not allow-listed; if it is "
            + "yours, add it to -D{} (patterns like com.example.**)", c.getName(), PROPERTY);
      }
      return status;
    };
  }
}
