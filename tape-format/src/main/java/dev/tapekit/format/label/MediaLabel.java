package dev.tapekit.format.label;

import dev.tapekit.format.BlockAddress;
import dev.tapekit.format.BlockSink;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.format.content.ContentHeader;
import dev.tapekit.format.content.ContentType;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The media label, tape file 0: which cartridge this is (FORMAT.md, "Media label"). A tape file of
 * type {@link ContentType#MEDIA_LABEL}, version 1, media set UUID nil and tape sequence 0 in its
 * content header, an empty body, and this header data (UTF-8 JSON, members in this order):
 *
 * <pre>
 * {"label": "TAPE01L9",                                   required: 2-32 of [A-Za-z0-9_.-], not starting with . or -
 *  "media": "9f5c0e7a-3d52-4c1b-8f0e-5a8b2c7d1e34",       required: the media UUID, not nil
 *  "ctime": "2026-12-05T18:00:00Z",                        required: = the content header's ctime
 *  "pool": "daily",                                        optional: the pool the tape is reserved for
 *  "block_size": 262144}                                   required: the application block size
 * </pre>
 *
 * <p>Contract: the constructor refuses invalid values ({@link IllegalArgumentException}); {@link
 * #read} refuses what is not a valid media label with a {@link TapeFormatException} (INVALID naming
 * the member for a wrong, missing or inconsistent one; the block and content kinds otherwise).
 * Immutable.
 *
 * @param label the label text, usually the barcode: PBS's {@code PROXMOX_SAFE_ID} rule, 2 to 32 characters
 * @param media the media UUID, chosen when the tape is labelled (a relabelled tape gets a new one)
 * @param ctime when the tape was labelled, kept to whole seconds (finer parts are dropped)
 * @param pool the pool the tape is reserved for, if any (so that no media set label need be written
 *     to reserve it)
 * @param blockSize the application block size of the tape's files (a multiple of 64 KiB, 64 KiB to 4 MiB)
 */
public record MediaLabel(String label, UUID media, Instant ctime, Optional<String> pool, int blockSize) {
  private static final String WHAT = "media label";

  public MediaLabel {
    LabelJson.checkName("label", label);
    Objects.requireNonNull(media, "media");
    if (media.equals(ContentHeader.NO_SET)) {
      throw new IllegalArgumentException("field 'media': the nil UUID names no tape");
    }
    ctime = LabelJson.checkTime("ctime", ctime);
    Objects.requireNonNull(pool, "pool").ifPresent(p -> LabelJson.checkName("pool", p));
    LabelJson.checkBlockSize(blockSize);
  }

  /**
   * Writes this label as tape file 0, at the beginning of the tape, in blocks of {@code blockSize}
   * (usually {@link #blockSize()}), and ends it with a filemark. Everything after it on the tape
   * becomes unreachable. The caller has turned the drive's encryption off: labels stay readable.
   *
   * @return where the file starts (file 0, logical object 0)
   * @throws IllegalStateException when the sink is not at the beginning of the tape
   */
  public BlockAddress write(BlockSink sink, int blockSize) throws IOException {
    BlockAddress at = sink.position();
    if (at.logicalObject() != 0) {
      throw new IllegalStateException(sink.volume() + ": a media label is written at the beginning of the tape, "
          + "but the tape is at " + at + ": rewind first");
    }
    ContentHeader header = new ContentHeader(ContentType.MEDIA_LABEL, 1, UUID.randomUUID(), ctime,
        ContentHeader.NO_SET, 0, 0, toJson());
    return LabelFile.write(sink, blockSize, header);
  }

  /**
   * Reads a media label from the source's position, which is the start of tape file {@code
   * fileNumber} (0 on a tapekit tape; the number is for messages). Reads the whole file, so the
   * source is left at the start of the next file.
   *
   * @throws TapeFormatException for anything but a valid media label, naming tape, file and block
   */
  public static MediaLabel read(BlockSource source, long fileNumber) throws IOException {
    ContentHeader header = LabelFile.read(source, fileNumber, ContentType.MEDIA_LABEL);
    TapeLocation where = new TapeLocation(source.volume(), fileNumber, -1);
    MediaLabel label = fromJson(header.data(), where);
    LabelJson json = new LabelJson(WHAT, where);
    if (!header.ctime().equals(label.ctime)) {
      throw json.invalid("field 'ctime' is " + label.ctime + " but the content header says " + header.ctime());
    }
    if (!header.mediaSet().equals(ContentHeader.NO_SET) || header.tapeSequence() != 0) {
      throw json.invalid("the content header names media set " + header.mediaSet() + " tape "
          + header.tapeSequence() + "; a media label belongs to no set (nil UUID, tape 0)");
    }
    return label;
  }

  /** The header data. */
  byte[] toJson() {
    return LabelJson.write(g -> {
      g.writeStringField("label", label);
      g.writeStringField("media", media.toString());
      g.writeStringField("ctime", LabelJson.timeText(ctime));
      if (pool.isPresent()) {
        g.writeStringField("pool", pool.get());
      }
      g.writeNumberField("block_size", blockSize);
    });
  }

  /** Parses header data; {@code where} is the tape file it came from. */
  static MediaLabel fromJson(byte[] utf8, TapeLocation where) throws TapeFormatException {
    LabelJson json = new LabelJson(WHAT, where);
    Fields f = new Fields();
    json.parse(utf8, (name, p) -> {
      switch (name) {
        case "label" -> f.label = json.name(p, name);
        case "media" -> f.media = json.uuid(p, name);
        case "ctime" -> f.ctime = json.time(p, name);
        case "pool" -> f.pool = LabelJson.isNull(p) ? null : json.name(p, name);
        case "block_size" -> f.blockSize = (int) json.integer(p, name, BlockHeader.MIN_BLOCK, BlockHeader.MAX_BLOCK);
        default -> LabelJson.skip(p);
      }
    });
    json.require(f.label, "label");
    json.require(f.media, "media");
    json.require(f.ctime, "ctime");
    json.require(f.blockSize, "block_size");
    try {
      return new MediaLabel(f.label, f.media, f.ctime, Optional.ofNullable(f.pool), f.blockSize);
    } catch (IllegalArgumentException e) {
      throw json.invalid(e.getMessage(), e);
    }
  }

  private static final class Fields {
    String label;
    UUID media;
    Instant ctime;
    String pool;
    Integer blockSize;
  }
}
