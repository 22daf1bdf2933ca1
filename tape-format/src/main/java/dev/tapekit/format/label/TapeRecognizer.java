package dev.tapekit.format.label;

import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.format.TapeLocation;
import dev.tapekit.format.block.BlockHeader;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Says what a tape holds from its first block, without assuming tapekit (FORMAT.md, "Recognising a
 * tape"). It rewinds, reads the first object raw into a 4 MiB buffer, and decides in this order:
 *
 * <ol>
 *   <li>end of data: {@link Recognition.Blank}; a filemark: {@link Recognition.EmptyFirstFile};
 *   <li>tapekit's block magic ({@code d6 db 40 03 f5 52 7d 6b}): reads file 0 as a {@link MediaLabel}
 *       and file 1, if the tape goes on, as a {@link MediaSetLabel}: {@link Recognition.Tapekit}, or
 *       {@link Recognition.TapekitDamaged} when either does not read;
 *   <li>PBS's block magic ({@code dc bd af ca eb a0 a5 28}): decodes PBS's media label in that block and
 *       PBS's media set label in file 1: {@link Recognition.Pbs} or {@link Recognition.PbsDamaged};
 *   <li>a tar header ({@code ustar} at offset 257, checksum valid): {@link Recognition.Tar};
 *   <li>anything else: {@link Recognition.Unknown} with the block's length and first 16 bytes.
 * </ol>
 *
 * <p>Contract: whatever is on the tape is a result; only a failing source (I/O) throws. Afterwards
 * the tape is somewhere in its first files: locate before using it. Stateless.
 */
public final class TapeRecognizer {
  private TapeRecognizer() {}

  /** Rewinds {@code source} and says what the tape holds. */
  public static Recognition recognize(BlockSource source) throws IOException {
    source.locateFile(0);
    ByteBuffer buffer = FirstObject.buffer();
    FirstObject first = FirstObject.read(source, buffer);
    switch (first.kind()) {
      case END_OF_DATA -> {
        return new Recognition.Blank();
      }
      case FILEMARK -> {
        return new Recognition.EmptyFirstFile();
      }
      default -> { }
    }
    ByteBuffer data = first.data();
    if (data.limit() >= 8 && data.getLong(0) == BlockHeader.MAGIC) {
      return tapekit(source, first, buffer);
    }
    if (PbsFormat.isPbsBlock(data)) {
      return pbs(source, first, buffer);
    }
    Optional<Recognition.Tar> tar = TarHeader.recognize(data, first.result().blockLength());
    if (tar.isPresent()) {
      return tar.get();
    }
    byte[] head = new byte[Math.min(16, data.limit())];
    data.get(0, head);
    return new Recognition.Unknown(first.result().blockLength(), head);
  }

  private static Recognition tapekit(BlockSource source, FirstObject first, ByteBuffer buffer) throws IOException {
    MediaLabel media;
    try {
      media = MediaLabel.read(first.replay(source), 0);
    } catch (TapeFormatException e) {
      return new Recognition.TapekitDamaged(e, Optional.empty());
    }
    try {
      return new Recognition.Tapekit(media, TapeLabels.readMediaSetLabel(source, buffer));
    } catch (TapeFormatException e) {
      return new Recognition.TapekitDamaged(e, Optional.of(media));
    }
  }

  private static Recognition pbs(BlockSource source, FirstObject first, ByteBuffer buffer) throws IOException {
    TapeLocation file0 = new TapeLocation(source.volume(), 0, 0);
    PbsMediaLabel media;
    try {
      byte[] json = PbsFormat.labelData(first.data(), first.result().blockLength(), PbsFormat.MEDIA_LABEL_MAGIC,
          "PBS media label", file0);
      media = PbsMediaLabel.fromJson(json, file0);
    } catch (TapeFormatException e) {
      return new Recognition.PbsDamaged(e.getMessage(), Optional.empty());
    }
    ReadResult end = source.read(buffer.clear());
    if (end.kind() == ReadResult.Kind.END_OF_DATA) {
      return new Recognition.Pbs(media, Optional.empty());
    }
    if (end.hasData()) {
      return new Recognition.PbsDamaged(file0.atBlock(1) + ": a second block in PBS's media label file, where the "
          + "filemark should be", Optional.of(media));
    }
    TapeLocation file1 = new TapeLocation(source.volume(), 1, 0);
    FirstObject set = FirstObject.read(source, buffer);
    switch (set.kind()) {
      case END_OF_DATA -> {
        return new Recognition.Pbs(media, Optional.empty());
      }
      case FILEMARK -> {
        return new Recognition.PbsDamaged(file1 + ": the file is empty where PBS's media set label should be",
            Optional.of(media));
      }
      default -> { }
    }
    try {
      byte[] json = PbsFormat.labelData(set.data(), set.result().blockLength(), PbsFormat.MEDIA_SET_LABEL_MAGIC,
          "PBS media set label", file1);
      return new Recognition.Pbs(media, Optional.of(PbsMediaSetLabel.fromJson(json, file1)));
    } catch (TapeFormatException e) {
      return new Recognition.PbsDamaged(e.getMessage(), Optional.of(media));
    }
  }
}
