package io.cairnkv.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JsonTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void writesNestedValuesInInsertionOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("index", 7L);
    inner.put("none", null);
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("z", 1);
    outer.put("a", List.of("x", true, 2.5));
    outer.put("snap", inner);
    outer.put("empty", Map.of());
    outer.put("arr", new Object[] {1, "b"});

    assertThat(Json.write(outer))
        .isEqualTo("{\"z\":1,\"a\":[\"x\",true,2.5],\"snap\":{\"index\":7,\"none\":null},\"empty\":{},\"arr\":[1,\"b\"]}");
  }

  @Test
  void escapesEveryCharacterJsonRequires() throws Exception {
    String nasty = "quote\" backslash\\ newline\n tab\t cr\r nul\0 bell\u0007 sep\u2028 é 😀";
    String json = Json.write(Map.of("s", nasty));

    assertThat(json).doesNotContain("\n").doesNotContain("\0").contains("\\u0000").contains("\\u0007")
        .contains("\\u2028");
    assertThat(JACKSON.readTree(json).get("s").asText()).isEqualTo(nasty);
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    assertThat(Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, 1.0f, -3L)))
        .isEqualTo("[null,null,1.0,-3]");
  }

  @Test
  void rejectsWhatItCannotWrite() {
    assertThatThrownBy(() -> Json.write(Map.of("t", new Object()))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be strings");
  }

  @Test
  void outputParsesBack() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "n1");
    m.put("term", 3);
    m.put("members", List.of(Map.of("id", "n1", "address", "[::1]:7001")));
    Map<String, Object> parsed = JACKSON.readValue(Json.write(m),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    assertThat(parsed).isEqualTo(m);
  }
}
