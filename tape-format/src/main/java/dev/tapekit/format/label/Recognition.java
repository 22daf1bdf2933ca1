package dev.tapekit.format.label;

import dev.tapekit.format.TapeFormatException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TapeRecognizer} found at the beginning of a tape: one record per {@link Kind}, each
 * with what it could read and a one-line {@link #describe()} for tools ("what this tape holds").
 */
public sealed interface Recognition {
  /** The kinds of tape told apart, for a {@code switch}. */
  enum Kind {
    /** End of data at the beginning: nothing was ever written (or the tape was erased). */
    BLANK,
    /** A tapekit tape whose labels read. */
    TAPEKIT,
    /** tapekit's block magic at the beginning, but file 0 or file 1 does not read as a label. */
    TAPEKIT_DAMAGED,
    /** A Proxmox Backup Server tape whose labels read. */
    PBS,
    /** PBS's block magic at the beginning, but its labels do not decode. */
    PBS_DAMAGED,
    /** A tar archive (ustar, pax or GNU) at the beginning. */
    TAR,
    /** A filemark at the beginning: the first tape file is empty. */
    FILEMARK_FIRST,
    /** Data of no kind tapekit knows. */
    UNKNOWN
  }

  Kind kind();

  /** One line saying what the tape holds, without a trailing newline. */
  String describe();

  /** Nothing recorded on the tape. */
  record Blank() implements Recognition {
    @Override
    public Kind kind() {
      return Kind.BLANK;
    }

    @Override
    public String describe() {
      return "blank tape: nothing recorded";
    }
  }

  /**
   * A tapekit tape.
   *
   * @param media its media label
   * @param mediaSet its media set label, absent when the tape has only file 0
   */
  record Tapekit(MediaLabel media, Optional<MediaSetLabel> mediaSet) implements Recognition {
    public Tapekit {
      Objects.requireNonNull(media, "media");
      Objects.requireNonNull(mediaSet, "mediaSet");
    }

    @Override
    public Kind kind() {
      return Kind.TAPEKIT;
    }

    @Override
    public String describe() {
      StringBuilder b = new StringBuilder("tapekit tape ").append(mediaText(media));
      if (mediaSet.isEmpty()) {
        b.append(media.pool().map(p -> ", reserved for pool '" + p + "', in no media set").orElse(", in no pool"));
      } else {
        MediaSetLabel s = mediaSet.get();
        b.append(", pool '").append(s.pool()).append('\'');
        if (!s.assigned()) {
          b.append(", in no media set yet");
        } else {
          b.append(", media set ").append(s.mediaSet()).append(" tape ").append(s.sequence());
          b.append(s.encryption().map(e -> ", encrypted by " + (e.mode() == EncryptionMode.DRIVE ? "the drive"
              : "tapekit (software)") + " with key " + e.fingerprint().shortForm()).orElse(", not encrypted"));
        }
      }
      return b.toString();
    }
  }

  /**
   * A tapekit tape whose labels do not read: damaged, written by a faulty or newer tapekit (the
   * problem's kind says which), or with another kind of tapekit file where a label should be.
   *
   * @param problem why file 0 or file 1 does not read, with the tape location
   * @param media the media label, when file 0 read and file 1 did not
   */
  record TapekitDamaged(TapeFormatException problem, Optional<MediaLabel> media) implements Recognition {
    public TapekitDamaged {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(media, "media");
    }

    @Override
    public Kind kind() {
      return Kind.TAPEKIT_DAMAGED;
    }

    @Override
    public String describe() {
      String message = LabelJson.oneLine(problem.getMessage());
      return media.map(m -> "tapekit tape " + mediaText(m) + ", media set label unreadable: " + message)
          .orElse("tapekit tape, media label unreadable: " + message);
    }
  }

  /**
   * A Proxmox Backup Server tape.
   *
   * @param media its media label
   * @param mediaSet its media set label, absent when the tape has only file 0
   */
  record Pbs(PbsMediaLabel media, Optional<PbsMediaSetLabel> mediaSet) implements Recognition {
    public Pbs {
      Objects.requireNonNull(media, "media");
      Objects.requireNonNull(mediaSet, "mediaSet");
    }

    @Override
    public Kind kind() {
      return Kind.PBS;
    }

    @Override
    public String describe() {
      StringBuilder b = new StringBuilder("Proxmox Backup Server tape ").append(pbsMediaText(media));
      if (mediaSet.isEmpty()) {
        b.append(media.pool().map(p -> ", reserved for pool '" + LabelJson.printable(p) + "', in no media set")
            .orElse(", in no pool"));
      } else {
        PbsMediaSetLabel s = mediaSet.get();
        b.append(", pool '").append(LabelJson.printable(s.pool())).append('\'');
        if (s.mediaSet().getMostSignificantBits() == 0 && s.mediaSet().getLeastSignificantBits() == 0) {
          b.append(", in no media set yet");
        } else {
          b.append(", media set ").append(s.mediaSet()).append(" tape ").append(s.sequence());
          b.append(s.encryptionKey().map(k -> ", encrypted by the drive with key " + k.shortForm()
              + (s.keyConfig().isPresent() ? " (key stored on tape)" : "")).orElse(", not encrypted"));
        }
      }
      return b.toString();
    }
  }

  /**
   * A tape that starts with PBS's block magic but whose labels do not decode.
   *
   * @param problem what does not fit PBS's format, with the tape location
   * @param media the media label, when file 0 decoded and file 1 did not
   */
  record PbsDamaged(String problem, Optional<PbsMediaLabel> media) implements Recognition {
    public PbsDamaged {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(media, "media");
    }

    @Override
    public Kind kind() {
      return Kind.PBS_DAMAGED;
    }

    @Override
    public String describe() {
      String message = LabelJson.oneLine(problem);
      return media.map(m -> "Proxmox Backup Server tape " + pbsMediaText(m) + ", media set label unreadable: "
          + message).orElse("Proxmox Backup Server tape, media label unreadable: " + message);
    }
  }

  /**
   * A tar archive.
   *
   * @param format "GNU", "POSIX ustar", "POSIX pax" or "ustar" (the magic without a known version)
   * @param firstMember the first member's name, when its header is in the first block
   * @param blockLength the length of the first block (tar's record size, 10240 by default)
   */
  record Tar(String format, Optional<String> firstMember, long blockLength) implements Recognition {
    public Tar {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(firstMember, "firstMember");
    }

    @Override
    public Kind kind() {
      return Kind.TAR;
    }

    @Override
    public String describe() {
      return "tar archive (" + format + " format, " + blockLength + "-byte blocks)"
          + firstMember.map(n -> ", first member '" + LabelJson.printable(n) + "'").orElse("");
    }
  }

  /** A filemark at the beginning of the tape. */
  record EmptyFirstFile() implements Recognition {
    @Override
    public Kind kind() {
      return Kind.FILEMARK_FIRST;
    }

    @Override
    public String describe() {
      return "unknown tape: its first file is empty (a filemark at the beginning)";
    }
  }

  /**
   * Data tapekit does not recognise.
   *
   * @param blockLength the length of the first block on tape
   * @param head its first (up to) 16 bytes
   */
  record Unknown(long blockLength, byte[] head) implements Recognition {
    public Unknown {
      head = head.clone();
    }

    @Override
    public byte[] head() {
      return head.clone();
    }

    @Override
    public Kind kind() {
      return Kind.UNKNOWN;
    }

    @Override
    public String describe() {
      return "unknown data: first block " + blockLength + " bytes, starting " + HexFormat.ofDelimiter(" ").formatHex(head);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.blockLength == blockLength && Arrays.equals(u.head, head);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(blockLength) * 31 + Arrays.hashCode(head);
    }

    @Override
    public String toString() {
      return "Unknown[blockLength=" + blockLength + ", head=" + HexFormat.of().formatHex(head) + "]";
    }
  }

  private static String mediaText(MediaLabel m) {
    return "'" + m.label() + "' (media " + m.media() + ", labelled " + LabelJson.timeText(m.ctime()) + ", "
        + blockSizeText(m.blockSize()) + " blocks)";
  }

  private static String pbsMediaText(PbsMediaLabel m) {
    return "'" + LabelJson.printable(m.labelText()) + "' (media " + m.media() + ", labelled "
        + LabelJson.timeText(m.ctime()) + ")";
  }

  private static String blockSizeText(int size) {
    return size % (1024 * 1024) == 0 ? size / (1024 * 1024) + " MiB" : size / 1024 + " KiB";
  }
}
