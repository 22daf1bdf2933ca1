package dev.tapekit.iscsi;

import java.util.concurrent.CountDownLatch;

/**
 * One SCSI command on a target connection, from its Command PDU to its response: where its Data-Out
 * has got to, and whether it was aborted. The reader thread owns the data fields; {@link #aborted}
 * and {@link #done} cross to the executing and managing threads.
 */
final class TargetTask {
  final int itt;
  final int lun;
  final int cmdSN;
  final byte[] cdb;
  final int expectedLength;
  final boolean read;
  final boolean write;
  /** The Data-Out buffer of a write, or the Data-In buffer of a read; null when refused. */
  byte[] buffer;
  /** Sense to answer with instead of running the command (a transfer too large, a bidirectional command). */
  byte[] refusal;

  int received;
  /** Unsolicited Data-Out may still come (the Command PDU's F bit was 0). */
  boolean unsolicited;
  int unsolicitedLimit;
  /** The Target Transfer Tag of the R2T being answered, or {@link Pdu#NO_TAG}. */
  int r2tTag = Pdu.NO_TAG;
  int r2tEnd;
  int r2tCount;
  int nextDataOutSN;

  volatile boolean aborted;
  volatile boolean started;
  final CountDownLatch done = new CountDownLatch(1);

  TargetTask(int itt, int lun, int cmdSN, byte[] cdb, int expectedLength, boolean read, boolean write) {
    this.itt = itt;
    this.lun = lun;
    this.cmdSN = cmdSN;
    this.cdb = cdb;
    this.expectedLength = expectedLength;
    this.read = read;
    this.write = write;
  }

  /** True when every Data-Out byte has arrived and no sequence is open. */
  boolean dataComplete() {
    return !write || refusal != null ? !unsolicited && r2tTag == Pdu.NO_TAG
        : received == expectedLength && !unsolicited && r2tTag == Pdu.NO_TAG;
  }

  @Override
  public String toString() {
    return String.format("task itt=0x%08x lun=%d opcode=0x%02x", itt, lun, cdb[0] & 0xFF);
  }
}
