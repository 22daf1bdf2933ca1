package dev.tapekit.changer;

import dev.tapekit.changer.smc.ChangerInquiry;
import dev.tapekit.scsi.ScsiException;

/**
 * A SCSI media changer (tape library, autoloader): element status and media movement, addressed by
 * SMC element addresses. For mtx's slot and drive numbers see {@link MtxLibrary} and {@link MtxSemantics}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every command that the changer refuses throws a {@link ChangerException} naming the device,
 *       the command, the element addresses and the decoded sense, with a {@link ChangerException.Reason}
 *       for callers that branch (source empty, destination full, ...). A command that cannot be
 *       delivered throws {@link dev.tapekit.scsi.ScsiTransportException}; an undecodable reply throws
 *       {@link dev.tapekit.scsi.MalformedResponseException}.
 *   <li>Unit attentions and a changer that is becoming ready are waited out by the implementation;
 *       callers see only lasting failures.
 *   <li>Implementations are safe for use by several threads; commands are serialized by the transport.
 * </ul>
 */
public interface MediaChanger {

  /** The device path or virtual address, for messages. */
  String deviceName();

  /** Standard INQUIRY fields (vendor, product, revision, device type). */
  ChangerInquiry inquiry() throws ScsiException;

  /** Reads the status of every element: pickers, slots, mail slots and drives (with serial numbers). */
  ChangerStatus status() throws ScsiException;

  /** Moves the medium at element {@code source} to element {@code destination}. */
  default void move(int source, int destination) throws ScsiException {
    move(source, destination, MoveOptions.DEFAULT);
  }

  /** Moves the medium at element {@code source} to element {@code destination}. */
  void move(int source, int destination, MoveOptions options) throws ScsiException;

  /**
   * Exchanges media: the medium in {@code source} goes to {@code firstDestination} and the medium there
   * goes to {@code secondDestination} ({@code source} for a swap). Many libraries do not support it.
   */
  void exchange(int source, int firstDestination, int secondDestination, MoveOptions options) throws ScsiException;

  /** INITIALIZE ELEMENT STATUS: re-scan every element (barcodes included); may take many minutes. */
  void inventory() throws ScsiException;

  /** INITIALIZE ELEMENT STATUS WITH RANGE for {@code count} elements from {@code start}. */
  void inventory(int start, int count) throws ScsiException;

  /** POSITION TO ELEMENT: moves the picker in front of {@code address}. */
  void position(int address) throws ScsiException;

  /** PREVENT ALLOW MEDIUM REMOVAL: locks ({@code true}) or unlocks the doors and mail slots. */
  void preventRemoval(boolean prevent) throws ScsiException;

  /** OPEN IMPORT/EXPORT ELEMENT ({@code open}) or CLOSE IMPORT/EXPORT ELEMENT for the mail slot at {@code address}. */
  void openImportExport(int address, boolean open) throws ScsiException;
}
