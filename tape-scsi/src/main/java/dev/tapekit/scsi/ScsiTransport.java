package dev.tapekit.scsi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Executes SCSI commands on one device (a logical unit): the seam between everything in tapekit and
 * the thing that really moves bytes, whether Linux SG_IO ({@code SgIoTransport}), an in-process
 * virtual device, or a scripted test double.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A command that reached the device returns a {@link ScsiResult}, whatever its SCSI status:
 *       CHECK CONDITION with sense data is a result, not an exception. Callers decide what a sense
 *       key means for them.
 *   <li>A command that could not be delivered or completed by the transport (device gone, no
 *       permission, timeout, host adapter error) throws a {@link ScsiTransportException} naming the
 *       device.
 *   <li>The data buffer's region is {@code position()..limit()}. For {@link DataDirection#FROM_DEVICE}
 *       the transfer length is {@code remaining()} and received bytes are stored from {@code
 *       position()}; for {@link DataDirection#TO_DEVICE} those bytes are sent. The transport never
 *       changes the buffer's position or limit; {@link ScsiResult#transferred()} says how many bytes
 *       moved. For {@link DataDirection#NONE} the buffer may be {@code null}.
 *   <li>{@code timeout} is the time the device may take before the transport aborts the command;
 *       there is no "default" timeout.
 *   <li>An instance may be used by several threads, but commands are serialized: one device
 *       executes one command at a time.
 * </ul>
 */
public interface ScsiTransport extends Closeable {

  /** A name for messages: the device path or virtual address, e.g. {@code /dev/sg3} or {@code vtl:L700:0}. */
  String deviceName();

  /**
   * Sends one command descriptor block and waits for its completion.
   *
   * @param cdb the command descriptor block (6, 10, 12 or 16 bytes; some vendor commands use others)
   * @param direction the data phase direction
   * @param data the data region, or {@code null} when {@code direction} is {@link DataDirection#NONE}
   * @param timeout how long the command may take
   * @return the status, residue and sense data of the completed command
   * @throws ScsiTransportException when the command could not be delivered or did not complete
   */
  ScsiResult execute(byte[] cdb, DataDirection direction, ByteBuffer data, Duration timeout)
      throws ScsiTransportException;

  /** Releases the device. Further calls to {@link #execute} fail. */
  @Override
  void close() throws IOException;
}
