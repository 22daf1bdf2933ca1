package dev.tapekit.tools;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --output-format}: the mt/mtx text, or JSON (compact or indented) for programs. */
public enum OutputFormat {
  TEXT,
  JSON,
  JSON_PRETTY;

  public boolean isJson() {
    return this != TEXT;
  }

  /** Renders {@code value} (see {@link Json}) in this JSON style. */
  public String json(Object value) {
    return Json.write(value, this == JSON_PRETTY);
  }

  /** Accepts {@code text}, {@code json} and {@code json-pretty}. */
  public static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "text":
          return TEXT;
        case "json":
          return JSON;
        case "json-pretty":
          return JSON_PRETTY;
        default:
          throw new TypeConversionException("'" + value + "' is not one of text, json, json-pretty");
      }
    }
  }
}
