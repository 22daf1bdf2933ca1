package dev.tapekit.changer.smc;

import java.util.List;

/**
 * One element status page of a READ ELEMENT STATUS reply: the descriptors of one element type.
 *
 * <pre>
 *  0   element type code
 *  1   PVolTag(7) AVolTag(6)
 *  2-3 element descriptor length
 *  4   reserved
 *  5-7 byte count of descriptor data available (this page)
 *  8   descriptors, each exactly "element descriptor length" bytes
 * </pre>
 *
 * Immutable.
 *
 * @param type the element type of every descriptor
 * @param primaryVolumeTags PVolTag: descriptors carry a primary volume tag
 * @param alternateVolumeTags AVolTag: descriptors carry an alternate volume tag
 * @param descriptorLength bytes per descriptor
 * @param byteCount the page's byte count as the device declared it (before clamping)
 * @param descriptors the decoded descriptors
 */
public record ElementStatusPage(
    ElementType type,
    boolean primaryVolumeTags,
    boolean alternateVolumeTags,
    int descriptorLength,
    int byteCount,
    List<ElementDescriptor> descriptors) {

  public ElementStatusPage {
    descriptors = List.copyOf(descriptors);
  }
}
