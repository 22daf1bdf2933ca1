package dev.tapekit.scsi.spc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** Every SPC reply decoder either decodes any byte string or rejects it as malformed; nothing else escapes. */
class SpcDecodersFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void standardInquiry(byte[] data) {
    try {
      StandardInquiry q = StandardInquiry.parse(data);
      q.versionDescriptors().forEach(VersionDescriptor::name);
      q.vendorSpecific();
      q.toString();
    } catch (MalformedResponseException expected) {
      // rejected with a clear message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void vpdPages(byte[] data) {
    try {
      SupportedVpdPages.parse(data);
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      SerialNumberVpd.parseUnitSerialNumber(data);
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      SerialNumberVpd.parseManufacturerSerialNumber(data);
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      SequentialAccessCapabilities.parse(data).worm();
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }

  @FuzzTest(maxDuration = "10s")
  void deviceIdentification(byte[] data) {
    try {
      DeviceIdentification di = DeviceIdentification.parse(data);
      di.render();
      di.designators().forEach(d -> {
        d.valueText();
        d.naaType();
        d.toString();
      });
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }

  @FuzzTest(maxDuration = "10s")
  void reportLunsAndOperationCodes(byte[] data) {
    try {
      ReportLunsData.parse(data).luns().forEach(l -> {
        l.number();
        l.linuxLun();
      });
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      SupportedOperationCodes.parse(data).commands().forEach(SupportedOperationCodes.Command::mlu);
    } catch (MalformedResponseException expected) {
      // rejected
    }
    try {
      OneCommandSupport.parse(data).support();
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }
}
