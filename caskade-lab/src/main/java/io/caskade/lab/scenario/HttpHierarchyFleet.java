package io.caskade.lab.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.caskade.Cache;
import io.caskade.CacheStats;
import io.caskade.Caskade;
import io.caskade.http.HttpCachePolicy;
import io.caskade.http.HttpCacheResponder;
import io.caskade.http.Representation;
import io.caskade.http.SurrogateKeys;
import io.caskade.http.jdk.CaskadeHttpHandler;
import io.caskade.http.varnish.CaskadeVcl;
import io.caskade.lab.load.Counters;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import io.caskade.testkit.VarnishProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The whole hierarchy over HTTP: every lab client has its own RFC 9111 HTTP cache (OkHttp's
 * {@link okhttp3.Cache}, the browser layer) and sends {@code GET /users/<id>} through a Varnish 7
 * the lab starts with Caskade's VCL (the CDN layer) to an origin — a JDK HttpServer spreading
 * requests round-robin over the fleet's instances, each a Caskade cache with L1 over the shared
 * Redis L2, over the fragile database. Headers come from the cache's policy, with browser
 * {@code max-age} capped at {@link #BROWSER_MAX_AGE} and the CDN's {@code s-maxage} at
 * {@link #CDN_MAX_AGE}.
 */
final class HttpHierarchyFleet implements Fleet {

  /** How long a client reuses a response without asking. */
  static final Duration BROWSER_MAX_AGE = Duration.ofSeconds(2);
  /** How long Varnish reuses a response. */
  static final Duration CDN_MAX_AGE = Duration.ofSeconds(5);

  private final FragileDatabase database;
  private final UserRepository repository;
  private final List<Cache<Long, User>> caches = new ArrayList<>();
  private final List<RequestHandler> clients = new ArrayList<>();
  private final LongAdder browserHits = new LongAdder();
  private final LongAdder cdnHits = new LongAdder();
  private final LongAdder originRequests = new LongAdder();
  private final ExecutorService originThreads = Executors.newFixedThreadPool(64);
  private final Path clientCaches;
  private HttpServer origin;
  private VarnishProcess varnish;
  private OkHttpClient base;

  HttpHierarchyFleet(LabContext context, CacheRecipe recipe) {
    this.database = context.database();
    this.repository = database.newRepository();
    LabSettings s = context.settings();
    try {
      clientCaches = Files.createTempDirectory("caskade-lab-browsers-");
      List<CaskadeHttpHandler<Long>> handlers = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      HttpCachePolicy policy = HttpCachePolicy.builder().maxAgeCap(BROWSER_MAX_AGE)
          .sharedMaxAgeCap(CDN_MAX_AGE).build();
      for (int i = 0; i < s.instances(); i++) {
        Cache<Long, User> cache = recipe.configure(Caskade.<Long, User>builder("users")
            .loader(UserLoader.of(repository))
            .randomSeed(s.seed() + i), repository, i).build();
        caches.add(cache);
        HttpCacheResponder<Long, User> responder = HttpCacheResponder.of(cache,
            Representation.of("application/json", u -> toJson(json, u)), policy,
            SurrogateKeys.of("users"));
        handlers.add(new CaskadeHttpHandler<>(responder,
            ex -> Long.valueOf(ex.getRequestURI().getPath().substring("/users/".length()))));
      }
      // the JDK server otherwise leaves Nagle on: 40 ms stalls against delayed ACKs
      System.setProperty("sun.net.httpserver.nodelay", "true");
      origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
      AtomicInteger next = new AtomicInteger();
      origin.createContext("/users/", ex -> {
        originRequests.increment();
        handlers.get(Math.floorMod(next.getAndIncrement(), handlers.size())).handle(ex);
      });
      origin.createContext("/healthz", ex -> {
        try (ex) {
          ex.sendResponseHeaders(200, -1);
        }
      });
      origin.setExecutor(originThreads);
      origin.start();
      varnish = VarnishProcess.start(CaskadeVcl.render("127.0.0.1",
          origin.getAddress().getPort(), "/healthz"));
      base = new OkHttpClient.Builder()
          .connectionPool(new okhttp3.ConnectionPool(s.clients() + 8, 5, TimeUnit.MINUTES))
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10))
          .build();
      for (int i = 0; i < s.clients(); i++) {
        clients.add(client(i));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static byte[] toJson(ObjectMapper json, User u) {
    try {
      return json.writeValueAsBytes(u);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Client {@code i}: its own HTTP cache, the shared connection pool. */
  private RequestHandler client(int i) {
    File dir = clientCaches.resolve("client-" + i).toFile();
    OkHttpClient http = base.newBuilder().cache(new okhttp3.Cache(dir, 4L * 1024 * 1024)).build();
    String edge = "http://127.0.0.1:" + varnish.port() + "/users/";
    return key -> {
      try (Response r = http.newCall(new Request.Builder().url(edge + key).build()).execute()) {
        r.body().bytes();
        if (r.code() != 200) {
          throw new IOException("GET /users/" + key + " answered " + r.code() + " "
              + r.message());
        }
        Response network = r.networkResponse();
        if (network == null) {
          browserHits.increment();
        } else if ("HIT".equals(network.header("X-Cache"))) {
          cdnHits.increment();
        }
      }
    };
  }

  /** Requests answered by the clients' own HTTP caches. */
  long browserHits() {
    return browserHits.sum();
  }

  /** Requests answered by Varnish without asking the origin. */
  long cdnHits() {
    return cdnHits.sum();
  }

  /** Requests that reached the origin. */
  long originRequests() {
    return originRequests.sum();
  }

  /** One handler per client: client i sends through its own HTTP cache. */
  @Override
  public List<RequestHandler> instances() {
    return List.copyOf(clients);
  }

  @Override
  public Counters counters() {
    long l1 = 0;
    long l2 = 0;
    long stale = 0;
    for (Cache<Long, User> c : caches) {
      CacheStats st = c.stats();
      l1 += st.l1Hits();
      l2 += st.l2Hits();
      stale += st.staleServed();
    }
    return new Counters(repository.counter().queries(), l1, l2, stale);
  }

  /** Fills every instance's cache with ids 1..keys, so a run starts warm behind the CDN. */
  void prefill(long keys) {
    for (Cache<Long, User> cache : caches) {
      for (long first = 1; first <= keys; first += 500) {
        List<Long> ids = new ArrayList<>(500);
        for (long id = first; id < first + 500 && id <= keys; id++) {
          ids.add(id);
        }
        cache.getAll(ids);
      }
    }
  }

  @Override
  public int sourceWaiting() {
    return database.waitingCallers();
  }

  @Override
  public UserRepository repository() {
    return repository;
  }

  @Override
  public void close() {
    if (base != null) {
      base.connectionPool().evictAll();
    }
    if (varnish != null) {
      varnish.close();
    }
    if (origin != null) {
      origin.stop(0);
    }
    originThreads.shutdownNow();
    try {
      originThreads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Cache<Long, User> c : caches) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing one instance must not keep the others open
      }
    }
    if (clientCaches != null) {
      try (Stream<Path> files = Files.walk(clientCaches)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // best effort: a temp directory
      }
    }
  }
}
