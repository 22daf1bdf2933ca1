package dev.tapekit.catalog;

import dev.tapekit.catalog.time.CalendarEvent;
import dev.tapekit.catalog.time.TimeSpan;
import java.util.Objects;
import java.util.Optional;

/**
 * A media pool: tapes that take the same kind of backups, and the rules for them (the module README,
 * "Policies", says exactly what each rule does).
 *
 * @param name the pool's name (PBS's safe-id rule, 2 to 32 characters)
 * @param allocation when a new media set starts
 * @param retention how long a media set's tapes are kept before they may be overwritten
 * @param encryption the fingerprint of the key new media sets are encrypted with, if any
 * @param template the media set name template, strftime form ({@code %id%} is the set's UUID);
 *     PBS's default {@code %c}
 * @param comment free text
 */
public record Pool(String name, Allocation allocation, Retention retention, Optional<String> encryption,
    String template, String comment) {
  /** PBS's default media set name template: the locale's date and time. */
  public static final String DEFAULT_TEMPLATE = "%c";

  public Pool {
    Names.check("pool name", name);
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(encryption, "encryption");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(comment, "comment");
    if (template.isEmpty()) {
      throw new IllegalArgumentException("pool " + name + ": an empty media set name template");
    }
    MediaSetNames.check(template);
  }

  /** A pool with PBS's defaults: allocation {@code continue}, retention {@code keep}, no encryption. */
  public static Pool of(String name) {
    return new Pool(name, Allocation.CONTINUE, Retention.KEEP, Optional.empty(), DEFAULT_TEMPLATE, "");
  }

  public Pool withAllocation(Allocation a) {
    return new Pool(name, a, retention, encryption, template, comment);
  }

  public Pool withRetention(Retention r) {
    return new Pool(name, allocation, r, encryption, template, comment);
  }

  public Pool withEncryption(Optional<String> fingerprint) {
    return new Pool(name, allocation, retention, fingerprint, template, comment);
  }

  public Pool withTemplate(String t) {
    return new Pool(name, allocation, retention, encryption, t, comment);
  }

  /** When a new media set starts: {@code continue}, {@code always} or a calendar event. */
  public sealed interface Allocation {
    /** Append to the pool's current set while it is usable. */
    Allocation CONTINUE = new Continue();
    /** A new set for every write session. */
    Allocation ALWAYS = new Always();

    /** The text form: {@code continue}, {@code always} or the event. */
    String text();

    record Continue() implements Allocation {
      @Override
      public String text() {
        return "continue";
      }
    }

    record Always() implements Allocation {
      @Override
      public String text() {
        return "always";
      }
    }

    /** A new set at the first write session after {@code event} follows the current set's start. */
    record At(CalendarEvent event) implements Allocation {
      public At {
        Objects.requireNonNull(event, "event");
      }

      @Override
      public String text() {
        return event.text();
      }
    }

    /** The allocation {@code text} names: continue, always, or a calendar event. */
    static Allocation parse(String text) {
      return switch (text) {
        case "continue" -> CONTINUE;
        case "always" -> ALWAYS;
        default -> new At(CalendarEvent.parse(text));
      };
    }
  }

  /** How long tapes are kept: {@code overwrite}, {@code keep} or a time span. */
  public sealed interface Retention {
    /** A set may be overwritten as soon as it is no longer in use. */
    Retention OVERWRITE = new Overwrite();
    /** A set is never overwritten. */
    Retention KEEP = new Keep();

    /** The text form: {@code overwrite}, {@code keep} or the span. */
    String text();

    record Overwrite() implements Retention {
      @Override
      public String text() {
        return "overwrite";
      }
    }

    record Keep() implements Retention {
      @Override
      public String text() {
        return "keep";
      }
    }

    /** Kept for {@code span} after the set is no longer in use. */
    record For(TimeSpan span) implements Retention {
      public For {
        Objects.requireNonNull(span, "span");
      }

      @Override
      public String text() {
        return span.text();
      }
    }

    /** The retention {@code text} names: overwrite, keep, or a time span. */
    static Retention parse(String text) {
      return switch (text) {
        case "overwrite" -> OVERWRITE;
        case "keep" -> KEEP;
        default -> new For(TimeSpan.parse(text));
      };
    }
  }
}
