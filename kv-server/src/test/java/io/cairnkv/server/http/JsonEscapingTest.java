package io.cairnkv.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JsonEscapingTest {
  @Test
  void writesNestedValuesWithEscapes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "quote \" backslash \\ newline \n tab \t bell \u0007");
    m.put("n", 42L);
    m.put("b", true);
    m.put("null", null);
    m.put("list", List.of(1, "two", Map.of("k", "v")));
    assertThat(Json.write(m)).isEqualTo(
        "{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007\",\"n\":42,\"b\":true,\"null\":null,"
            + "\"list\":[1,\"two\",{\"k\":\"v\"}]}");
  }

  @Test
  void keepsNonAsciiAsIs() {
    assertThat(Json.write("héllo ✓")).isEqualTo("\"héllo ✓\"");
  }
}
