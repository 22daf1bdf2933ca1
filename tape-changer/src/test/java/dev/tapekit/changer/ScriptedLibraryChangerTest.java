package dev.tapekit.changer;

import dev.tapekit.changer.testing.ScriptedLibrary;
import java.util.Map;

/** {@link BaseMediaChangerTestCase} bound to {@link SmcChanger} over the scripted test library. */
class ScriptedLibraryChangerTest extends BaseMediaChangerTestCase {
  @Override
  protected MediaChanger newChanger(int slots, int mailSlots, int drives, Map<Integer, String> barcodes) {
    ScriptedLibrary lib = ScriptedLibrary.standard(slots, mailSlots, drives);
    barcodes.forEach((index, tag) -> lib.slot(index).full(tag));
    return SmcChanger.open(lib);
  }
}
