package dev.tapekit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void compactValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\t\u0001é");
    m.put("i", 1);
    m.put("l", -2L);
    m.put("d", 0.5);
    m.put("nan", Double.NaN);
    m.put("b", true);
    m.put("n", null);
    m.put("o", Optional.empty());
    m.put("oi", OptionalInt.of(3));
    m.put("ol", OptionalLong.empty());
    m.put("od", OptionalDouble.of(0.25));
    m.put("list", List.of(1, List.of(), Map.of()));
    assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001é\",\"i\":1,\"l\":-2,\"d\":0.5,\"nan\":null,\"b\":true,\"n\":null,"
        + "\"o\":null,\"oi\":3,\"ol\":null,\"od\":0.25,\"list\":[1,[],{}]}", Json.write(m, false));
  }

  @Test
  void prettyIndentsByTwo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1, 2));
    m.put("b", Map.of());
    assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}", Json.write(m, true));
    assertEquals("[]", Json.write(List.of(), true));
  }
}
