package dev.tapekit.changer.smc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** Any byte string either decodes or is rejected as malformed; nothing else escapes the SMC decoders. */
class SmcDecodersFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void elementStatus(byte[] data) {
    try {
      ElementStatusData d = ElementStatusData.decode(data);
      for (ElementDescriptor e : d.descriptors()) {
        e.additionalSense().toString();
        e.serialNumber();
        e.holdsCleaningCartridge();
        e.primaryTag().ifPresent(VolumeTag::mtxText);
        e.identifier().ifPresent(i -> {
          i.vendor();
          i.product();
          i.toString();
        });
      }
      ElementStatusData.reportLength(data);
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  /** The 8-bytes-short (Linux tgt) decoding never throws: it decodes or declines. */
  @FuzzTest(maxDuration = "10s")
  void elementStatusEightBytesShort(byte[] data) {
    ElementStatusData.decodeEightBytesShort(data).ifPresent(d -> d.descriptors().forEach(e -> e.barcode()));
  }

  @FuzzTest(maxDuration = "10s")
  void modePages(byte[] data) {
    try {
      ElementAddressAssignment.decodeModeSense(data);
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      TransportGeometry.decodeModeSense(data);
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      DeviceCapabilities.decodeModeSense(data).toString();
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }

  @FuzzTest(maxDuration = "10s")
  void inquiry(byte[] data) {
    try {
      ChangerInquiry.decode(data).isMediumChanger();
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }
}
