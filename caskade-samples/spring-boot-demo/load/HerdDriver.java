import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The herd measurement for the demo: {@code clients} closed-loop clients spread over the demo's
 * instances, all asking for one user for {@code seconds}, while its cache entry expires every
 * {@code ttl}. Reads {@code demo.repository.reads} from every instance before and after; prints
 * requests, errors, database loads, loads per expiry and latency percentiles as one line.
 *
 * <pre>java HerdDriver.java LABEL TTL_SECONDS SECONDS CLIENTS ID URL1 URL2 ...</pre>
 *
 * JDK only (java.net.http), so it runs as a single-file program.
 */
public class HerdDriver {

  private static final Pattern COUNT = Pattern.compile("\"value\":([0-9.E]+)");

  public static void main(String[] args) throws Exception {
    String label = args[0];
    double ttl = Double.parseDouble(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int clients = Integer.parseInt(args[3]);
    long id = Long.parseLong(args[4]);
    List<String> urls = Arrays.asList(args).subList(5, args.length);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    long readsBefore = reads(http, urls);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long[][] latencies = new long[clients][];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      URI uri = URI.create(urls.get(c % urls.size()) + "/users/" + id);
      Thread t = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
          }
          mine[n++] = System.nanoTime() - start;
        }
        latencies[client] = Arrays.copyOf(mine, n);
        done.countDown();
      }, "client-" + c);
      t.start();
    }
    done.await();
    long loads = reads(http, urls) - readsBefore;

    long total = 0;
    for (long[] l : latencies) {
      total += l.length;
    }
    long[] all = new long[(int) total];
    int i = 0;
    for (long[] l : latencies) {
      System.arraycopy(l, 0, all, i, l.length);
      i += l.length;
    }
    Arrays.sort(all);
    double expiries = seconds / ttl;
    System.out.printf("%-28s requests=%d errors=%d loads=%d expiries~%.0f loadsPerExpiry=%.2f "
            + "p50=%.1fms p99=%.1fms p99.9=%.1fms max=%.1fms%n",
        label, total, errors.get(), loads, expiries, loads / expiries,
        ms(all, 0.50), ms(all, 0.99), ms(all, 0.999), all[all.length - 1] / 1e6);
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  private static long reads(HttpClient http, List<String> urls) throws Exception {
    long sum = 0;
    for (String url : urls) {
      HttpRequest r = HttpRequest.newBuilder(
          URI.create(url + "/actuator/metrics/demo.repository.reads")).build();
      Matcher m = COUNT.matcher(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
      if (!m.find()) {
        throw new IllegalStateException("no demo.repository.reads at " + url);
      }
      sum += (long) Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
