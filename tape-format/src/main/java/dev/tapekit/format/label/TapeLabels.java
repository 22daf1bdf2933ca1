package dev.tapekit.format.label;

import dev.tapekit.format.BlockSink;
import dev.tapekit.format.BlockSource;
import dev.tapekit.format.TapeFormatException;
import dev.tapekit.scsi.tape.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * The labels of a tapekit tape: the media label (file 0) and, once the tape is reserved for a pool or
 * joined a media set, the media set label (file 1).
 *
 * <p>Contract: a blank tape (end of data at the beginning) is a result, {@link Optional#empty()};
 * everything else that is not a valid pair of labels is a {@link TapeFormatException} (an empty first
 * file: TRUNCATED; another product's tape: FOREIGN; and so on), I/O failures an {@link IOException}.
 * To tell a tapekit tape from a PBS or tar tape without exceptions, use {@link TapeRecognizer}.
 *
 * @param media the media label
 * @param mediaSet the media set label, absent when the tape has only file 0
 */
public record TapeLabels(MediaLabel media, Optional<MediaSetLabel> mediaSet) {
  public TapeLabels {
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(mediaSet, "mediaSet");
  }

  /**
   * Labels a fresh tape: writes {@code media} as file 0 at the beginning of the tape, then {@code
   * mediaSet} as file 1, each in blocks of its own block size. Whatever the tape held becomes
   * unreachable. The caller has turned the drive's encryption off (labels stay readable) and positioned
   * the sink at the beginning of the tape.
   *
   * @throws IllegalArgumentException when the labels disagree on block size or pool
   * @throws IllegalStateException when the sink is not at the beginning of the tape
   */
  public static void writeLabels(BlockSink sink, MediaLabel media, MediaSetLabel mediaSet) throws IOException {
    if (media.blockSize() != mediaSet.blockSize()) {
      throw new IllegalArgumentException("the media label says block size " + media.blockSize()
          + " but the media set label " + mediaSet.blockSize());
    }
    if (media.pool().isPresent() && !media.pool().get().equals(mediaSet.pool())) {
      throw new IllegalArgumentException("the media label reserves the tape for pool '" + media.pool().get()
          + "' but the media set label says pool '" + mediaSet.pool() + "'");
    }
    media.write(sink, media.blockSize());
    mediaSet.write(sink, mediaSet.blockSize());
  }

  /**
   * Rewinds and reads the labels: file 0, then file 1 unless the tape's data ends after file 0.
   * Afterwards the source is at the start of file 2 (or at end of data after file 0).
   *
   * @return the labels, or empty for a blank tape
   * @throws TapeFormatException when file 0 is not a media label or file 1 not a media set label,
   *     naming tape, file and block
   */
  public static Optional<TapeLabels> readLabels(BlockSource source) throws IOException {
    source.locateFile(0);
    ByteBuffer buffer = FirstObject.buffer();
    FirstObject first = FirstObject.read(source, buffer);
    if (first.kind() == ReadResult.Kind.END_OF_DATA) {
      return Optional.empty();
    }
    MediaLabel media = MediaLabel.read(first.replay(source), 0);
    return Optional.of(new TapeLabels(media, readMediaSetLabel(source, buffer)));
  }

  /** The media set label at the source's position (the start of file 1), or empty at end of data there. */
  static Optional<MediaSetLabel> readMediaSetLabel(BlockSource source, ByteBuffer buffer) throws IOException {
    FirstObject first = FirstObject.read(source, buffer);
    if (first.kind() == ReadResult.Kind.END_OF_DATA) {
      return Optional.empty();
    }
    return Optional.of(MediaSetLabel.read(first.replay(source), 1));
  }
}
