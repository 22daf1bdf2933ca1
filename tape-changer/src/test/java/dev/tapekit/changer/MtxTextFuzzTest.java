package dev.tapekit.changer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.changer.smc.ElementDescriptor;
import dev.tapekit.changer.smc.ElementStatusData;
import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.sense.SenseData;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whatever a changer reports, numbering and rendering either work or fail with a declared exception. */
class MtxTextFuzzTest {

  private static List<ElementDescriptor> of(ElementStatusData data, ElementType type) {
    return data.descriptors().stream().filter(d -> d.type() == type).toList();
  }

  @FuzzTest(maxDuration = "10s")
  void statusFromAnyReport(byte[] report) {
    try {
      ElementStatusData data = ElementStatusData.decode(report);
      ChangerStatus status = new ChangerStatus("/dev/sgF", Optional.empty(),
          of(data, ElementType.MEDIUM_TRANSPORT), of(data, ElementType.STORAGE),
          of(data, ElementType.IMPORT_EXPORT), of(data, ElementType.DATA_TRANSFER), true);
      MtxLibrary library = MtxLibrary.of(status);
      MtxText.status("/dev/sgF", library);
      MtxText.status("/dev/sgF", library, MtxText.TagStyle.TRIMMED);
      library.driveNodes(Map.of("X", "/dev/nst0"));
      if (library.slot(1).full() && !library.drive(0).full()) {
        library.afterLoad(1, 0).afterUnload(0, 1);
      }
    } catch (MalformedResponseException | MtxException expected) {
      // rejected with a clear message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void senseReportFromAnySense(byte[] sense) {
    try {
      MtxText.requestSense(SenseData.parse(sense));
    } catch (MalformedResponseException expected) {
      // not sense data
    }
  }
}
