package dev.tapekit.scsi.log;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** Every log page decoder either decodes (and its accessors work) or throws MalformedResponseException. */
class LogPagesFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void logPage(byte[] data) {
    try {
      LogPage p = LogPage.parse(data);
      p.encode();
      for (LogParameter q : p.parameters()) {
        q.format();
        q.ascii();
        q.toString();
        try {
          q.unsigned();
        } catch (MalformedResponseException expected) {
          // values of 0 or more than 8 bytes are not counters
        }
      }
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void supportedPages(byte[] data) {
    try {
      SupportedLogPages.parse(data).pages().forEach(Object::toString);
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void typedPages(byte[] data) {
    try {
      SequentialAccessDevicePage s = SequentialAccessDevicePage.parse(data);
      s.bytesReceivedFromHost();
      s.nativeCapacityBopToEwMegabytes();
      s.cleaningRequired();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
    try {
      DtDeviceStatusPage d = DtDeviceStatusPage.parse(data);
      d.activity();
      d.vhfPollingDelayMillis();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
    try {
      TapeAlertResponsePage.parse(data).lsbFirstBits();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
    try {
      TapeAlertPage.parse(data).active();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void volumeStatistics(byte[] data) {
    try {
      VolumeStatisticsPage p = VolumeStatisticsPage.parse(data);
      p.pageValid();
      for (VolumeStatistic s : VolumeStatistic.values()) {
        try {
          switch (s.unit()) {
            case ASCII:
              p.text(s);
              break;
            case PARTITION_RECORDS:
              p.partitions(s);
              break;
            case RAW:
              break;
            case MEGABYTES:
              p.bytes(s);
              break;
            default:
              p.value(s);
          }
        } catch (MalformedResponseException expected) {
          // one bad parameter
        }
      }
      p.wearout();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }
}
