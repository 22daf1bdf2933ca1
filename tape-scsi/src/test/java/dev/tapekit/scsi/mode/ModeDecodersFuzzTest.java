package dev.tapekit.scsi.mode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapekit.scsi.MalformedResponseException;
import java.util.Arrays;

/**
 * MODE SENSE replies and typed pages: any byte string decodes or is rejected as malformed, and
 * whatever decodes re-encodes into a parameter list that decodes to the same pages.
 */
class ModeDecodersFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void modeSense6(byte[] data) {
    try {
      check(ModeParameters.parse6(data));
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }

  @FuzzTest(maxDuration = "10s")
  void modeSense10(byte[] data) {
    try {
      check(ModeParameters.parse10(data));
    } catch (MalformedResponseException expected) {
      // rejected
    }
  }

  @FuzzTest(maxDuration = "10s")
  void typedPages(byte[] data) {
    ModePage page;
    try {
      page = ModePage.parse(data);
    } catch (MalformedResponseException expected) {
      return;
    }
    typed(page);
  }

  private static void check(ModeParameters m) throws MalformedResponseException {
    m.writeProtected();
    m.bufferedMode();
    for (ModePage p : m.pages()) {
      typed(p);
    }
    boolean fitsShort =
        m.blockDescriptor().map(b -> b.numberOfBlocks() <= 0xFFFFFF && b.blockLength() <= 0xFFFFFF).orElse(true);
    if (!fitsShort) {
      return;
    }
    byte[] list;
    try {
      list = m.toSelectParameterList();
    } catch (IllegalArgumentException tooLong) {
      return; // a 10-byte reply's pages may not fit a list of this form; the builder says so
    }
    // A select list has mode data length 0; patch it to decode the list as a sense reply.
    byte[] asSense = Arrays.copyOf(list, list.length);
    if (m.form() == ModeParameters.Form.SIX) {
      asSense[0] = (byte) (list.length - 1);
    } else {
      asSense[0] = (byte) ((list.length - 2) >> 8);
      asSense[1] = (byte) (list.length - 2);
    }
    ModeParameters back = ModeParameters.parse(m.form(), asSense);
    for (int i = 0; i < m.pages().size(); i++) {
      if (!back.pages().get(i).equals(m.pages().get(i).forSelect())) {
        throw new AssertionError("page " + i + " changed in the select list: " + m.pages().get(i) + " vs " + back.pages().get(i));
      }
    }
  }

  private static void typed(ModePage p) {
    try {
      switch (p.pageCode()) {
        case DataCompressionPage.PAGE_CODE:
          DataCompressionPage.from(p).withDataCompressionEnabled(true).toModePage();
          break;
        case DeviceConfigurationPage.PAGE_CODE:
          DeviceConfigurationPage.from(p).withEodDefined(3).toModePage();
          break;
        case MediumPartitionPage.PAGE_CODE:
          MediumPartitionPage.from(p).partitionSizes();
          break;
        case MediumConfigurationPage.PAGE_CODE:
          MediumConfigurationPage.from(p).wormMode();
          break;
        default:
          break;
      }
    } catch (MalformedResponseException expected) {
      // wrong format or too short for the type
    }
  }
}
