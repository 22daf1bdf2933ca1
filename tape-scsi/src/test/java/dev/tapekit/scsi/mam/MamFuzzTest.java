package dev.tapekit.scsi.mam;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;

/** READ ATTRIBUTE decoders either decode or throw MalformedResponseException; typed access never escapes otherwise. */
class MamFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void attributeList(byte[] data) {
    try {
      AttributeList list = AttributeList.parse(data);
      for (Attribute a : list.attributes()) {
        a.toString();
        a.hasUnexpectedLength();
        try {
          switch (a.format()) {
            case ASCII:
              a.ascii();
              a.date();
              break;
            case TEXT:
              a.text();
              break;
            case BINARY:
              a.number();
              break;
            default:
              a.binary();
          }
        } catch (MalformedResponseException expected) {
          // a value that is not the type its format promises
        }
      }
      AttributeList.encode(list.attributes());
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }

  @FuzzTest(maxDuration = "10s")
  void idAndVolumeLists(byte[] data) {
    try {
      AttributeIdList.parse(data).ids();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
    try {
      VolumeList.parse(data).count();
    } catch (MalformedResponseException expected) {
      // rejected with a message
    }
  }
}
