package io.caskade.http.varnish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VarnishPurgerTest {

  @Test
  void longKeyListsAreSplitSoNoHeaderExceedsTheLimit() {
    List<String> keys = IntStream.range(0, 1_000).mapToObj(i -> "users/" + i).toList();
    List<String> headers = VarnishPurger.headers(keys);
    assertThat(headers).hasSizeGreaterThan(1)
        .allSatisfy(h -> assertThat(h.length()).isLessThanOrEqualTo(VarnishPurger.MAX_HEADER_CHARS));
    assertThat(headers.stream().flatMap(h -> List.of(h.split(" ")).stream()).toList())
        .isEqualTo(keys);
  }

  @Test
  void theShippedVclIsPointedAtTheOrigin() {
    String vcl = CaskadeVcl.render("10.0.0.5", 9090, "/ping");
    assertThat(vcl).startsWith("vcl 4.1;").contains(".host = \"10.0.0.5\";",
        ".port = \"9090\";", ".url = \"/ping\";", "import xkey;", "xkey.purge(");
  }
}
