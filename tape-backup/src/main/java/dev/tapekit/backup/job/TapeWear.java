package dev.tapekit.backup.job;

import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.VolumeStatistic;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import dev.tapekit.scsi.mam.Attribute;
import dev.tapekit.scsi.mam.MamAttribute;
import dev.tapekit.scsi.tape.TapeDrive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How worn a cartridge is, as the drive holding it reports: its cartridge memory's load count, and
 * the lifetime error counters of the volume statistics log page (17h, LTO-5 and later). A drive that
 * lacks a source leaves its fields empty and says why in {@link #unavailable()}; reading wear never
 * fails a job.
 *
 * @param loadCount times the cartridge was loaded in its life (MAM 0003h)
 * @param unrecoveredReadErrors lifetime unrecovered read errors (volume statistics 0009h)
 * @param unrecoveredWriteErrors lifetime unrecovered write errors (0004h)
 * @param readRetries lifetime read retries (0008h)
 * @param writeRetries lifetime write retries (0003h)
 * @param wearout head passes as a fraction of the LTO budget of 16000 ({@link VolumeStatisticsPage#wearout()})
 * @param alerts TapeAlert flags set now (log page 12h); after a read error the drive may flag the medium.
 *     The flags are the drive's: one raised for an earlier cartridge may still be set
 * @param unavailable what could not be read, and why (e.g. a drive without page 17h)
 */
public record TapeWear(OptionalLong loadCount, OptionalLong unrecoveredReadErrors, OptionalLong unrecoveredWriteErrors,
    OptionalLong readRetries, OptionalLong writeRetries, OptionalDouble wearout, Set<TapeAlertFlag> alerts,
    List<String> unavailable) {
  public TapeWear {
    Objects.requireNonNull(loadCount, "loadCount");
    Objects.requireNonNull(unrecoveredReadErrors, "unrecoveredReadErrors");
    Objects.requireNonNull(unrecoveredWriteErrors, "unrecoveredWriteErrors");
    Objects.requireNonNull(readRetries, "readRetries");
    Objects.requireNonNull(writeRetries, "writeRetries");
    Objects.requireNonNull(wearout, "wearout");
    alerts = Set.copyOf(alerts);
    unavailable = List.copyOf(unavailable);
  }

  /** Nothing known: the tape was not loaded. */
  public static TapeWear unknown(String why) {
    return new TapeWear(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), OptionalDouble.empty(), Set.of(), List.of(why));
  }

  /** Reads the wear of the cartridge in {@code drive} (loaded and ready). Moves nothing on the tape. */
  public static TapeWear read(TapeDrive drive) {
    List<String> unavailable = new ArrayList<>();
    OptionalLong loads = OptionalLong.empty();
    try {
      List<Attribute> found = drive.readAttributes(MamAttribute.LOAD_COUNT.id());
      if (found.isEmpty()) {
        unavailable.add("load count: the cartridge memory has no attribute 0003h");
      } else {
        loads = OptionalLong.of(found.get(0).number());
      }
    } catch (IOException e) {
      unavailable.add("load count (cartridge memory): " + e.getMessage());
    }
    OptionalLong readErrors = OptionalLong.empty();
    OptionalLong writeErrors = OptionalLong.empty();
    OptionalLong readRetries = OptionalLong.empty();
    OptionalLong writeRetries = OptionalLong.empty();
    OptionalDouble wearout = OptionalDouble.empty();
    try {
      VolumeStatisticsPage page = drive.volumeStatistics();
      readErrors = page.value(VolumeStatistic.TOTAL_UNRECOVERED_READ_ERRORS);
      writeErrors = page.value(VolumeStatistic.TOTAL_UNRECOVERED_WRITE_ERRORS);
      readRetries = page.value(VolumeStatistic.TOTAL_READ_RETRIES);
      writeRetries = page.value(VolumeStatistic.TOTAL_WRITE_RETRIES);
      wearout = page.wearout();
      if (readErrors.isEmpty() && writeErrors.isEmpty()) {
        unavailable.add("lifetime error counters: the drive's volume statistics page has none");
      }
    } catch (IOException e) {
      unavailable.add("volume statistics (log page 17h): " + e.getMessage());
    }
    Set<TapeAlertFlag> alerts = Set.of();
    try {
      alerts = drive.tapeAlertFlags();
    } catch (IOException e) {
      unavailable.add("TapeAlert flags (log page 12h): " + e.getMessage());
    }
    return new TapeWear(loads, readErrors, writeErrors, readRetries, writeRetries, wearout, alerts, unavailable);
  }
}
