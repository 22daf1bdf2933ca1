package dev.tapekit.scsi.tape;

import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.log.DeviceActivity;
import dev.tapekit.scsi.log.DtDeviceStatusPage;
import dev.tapekit.scsi.log.SequentialAccessDevicePage;
import dev.tapekit.scsi.log.TapeAlertFlag;
import dev.tapekit.scsi.log.TapeAlertResponsePage;
import dev.tapekit.scsi.log.VolumeStatisticsPage;
import java.util.Optional;
import java.util.Set;

/**
 * The drive's health and activity log pages for {@link ScsiTapeDrive}: TapeAlert response (12h),
 * volume statistics (17h), sequential-access device (0Ch) and DT device status (11h).
 *
 * <p>Not thread-safe by itself: used under the drive's lock.
 */
final class HealthPages {
  private final DriveCommands commands;

  HealthPages(DriveCommands commands) {
    this.commands = commands;
  }

  Set<TapeAlertFlag> tapeAlertFlags() throws ScsiException {
    return commands.readDecoded(TapeAlertResponsePage.command(), TapeAlertResponsePage::parse).flags();
  }

  VolumeStatisticsPage volumeStatistics() throws ScsiException {
    return commands.readDecoded(VolumeStatisticsPage.command(), VolumeStatisticsPage::parse);
  }

  SequentialAccessDevicePage sequentialAccessDevice() throws ScsiException {
    return commands.readDecoded(SequentialAccessDevicePage.command(), SequentialAccessDevicePage::parse);
  }

  Optional<DeviceActivity> deviceActivity() throws ScsiException {
    return commands.readDecoded(DtDeviceStatusPage.command(), DtDeviceStatusPage::parse).activity();
  }
}
