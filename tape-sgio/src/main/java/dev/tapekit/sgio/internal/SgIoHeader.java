package dev.tapekit.sgio.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The Linux sg v3 request header, {@code struct sg_io_hdr} from {@code <scsi/sg.h>}, kept in one
 * reusable 88-byte native block and accessed at constant offsets (no reflective JNA {@code Structure}
 * synchronisation per command).
 *
 * <p>Layout on LP64 Linux (x86_64, aarch64), native byte order:
 *
 * <pre>
 *  0 int    interface_id     'S'                 48 int    pack_id
 *  4 int    dxfer_direction  SG_DXFER_*          52        (padding)
 *  8 uchar  cmd_len                              56 void*  usr_ptr
 *  9 uchar  mx_sb_len                            64 uchar  status           SAM status byte
 * 10 ushort iovec_count      0: flat buffer      65 uchar  masked_status
 * 12 uint   dxfer_len                            66 uchar  msg_status
 * 16 void*  dxferp                               67 uchar  sb_len_wr        sense bytes written
 * 24 uchar* cmdp                                 68 ushort host_status      DID_*
 * 32 uchar* sbp                                  70 ushort driver_status    DRIVER_*
 * 40 uint   timeout          milliseconds        72 int    resid
 * 44 uint   flags                                76 uint   duration         milliseconds
 *                                                80 uint   info
 *                                                84        (tail padding)
 * </pre>
 *
 * <p>Not thread-safe: the owning transport serializes access.
 */
public final class SgIoHeader {
  public static final int SIZE = 88;

  public static final int INTERFACE_ID = 0;
  public static final int DXFER_DIRECTION = 4;
  public static final int CMD_LEN = 8;
  public static final int MX_SB_LEN = 9;
  public static final int IOVEC_COUNT = 10;
  public static final int DXFER_LEN = 12;
  public static final int DXFERP = 16;
  public static final int CMDP = 24;
  public static final int SBP = 32;
  public static final int TIMEOUT = 40;
  public static final int FLAGS = 44;
  public static final int PACK_ID = 48;
  public static final int USR_PTR = 56;
  public static final int STATUS = 64;
  public static final int MASKED_STATUS = 65;
  public static final int MSG_STATUS = 66;
  public static final int SB_LEN_WR = 67;
  public static final int HOST_STATUS = 68;
  public static final int DRIVER_STATUS = 70;
  public static final int RESID = 72;
  public static final int DURATION = 76;
  public static final int INFO = 80;

  /** {@code 'S'}: the sg v3 interface. */
  public static final int SG_INTERFACE_ID_ORIG = 'S';

  public static final int SG_DXFER_NONE = -1;
  public static final int SG_DXFER_TO_DEV = -2;
  public static final int SG_DXFER_FROM_DEV = -3;

  /** ioctl: the sg driver version as an int, e.g. 30536 for 3.5.36. */
  public static final long SG_GET_VERSION_NUM = 0x2282;
  /** {@code SG_SET_FORCE_PACK_ID}: with 1, {@code read(2)} returns only the reply whose pack_id the header names. */
  public static final long SG_SET_FORCE_PACK_ID = 0x227b;
  /** ioctl: the largest transfer of one command in bytes (the queue's max_sectors). */
  public static final long BLKSECTGET = 0x1267;

  /** The oldest sg driver that speaks the v3 header. */
  public static final int MIN_SG_VERSION = 30000;

  private final Memory memory = new Memory(SIZE);

  /** The native address to {@code write} to and {@code read} into the sg node. */
  public Pointer pointer() {
    return memory;
  }

  /**
   * Clears the whole header (so no output of an earlier command can be read back) and writes the
   * request fields; {@code packId} comes back unchanged in the reply to this request.
   */
  public void prepare(
      int direction, Pointer cdb, int cdbLength, Pointer sense, int senseCapacity,
      Pointer data, int dataLength, int timeoutMillis, int packId) {
    memory.clear();
    memory.setInt(INTERFACE_ID, SG_INTERFACE_ID_ORIG);
    memory.setInt(DXFER_DIRECTION, direction);
    memory.setByte(CMD_LEN, (byte) cdbLength);
    memory.setByte(MX_SB_LEN, (byte) senseCapacity);
    memory.setInt(DXFER_LEN, dataLength);
    memory.setPointer(DXFERP, data);
    memory.setPointer(CMDP, cdb);
    memory.setPointer(SBP, sense);
    memory.setInt(TIMEOUT, timeoutMillis);
    memory.setInt(PACK_ID, packId);
  }

  /** The request's tag: in a reply, the {@code pack_id} of the request it answers. */
  public int packId() {
    return memory.getInt(PACK_ID);
  }

  public int status() {
    return u8(STATUS);
  }

  public int senseLengthWritten() {
    return u8(SB_LEN_WR);
  }

  public int hostStatus() {
    return memory.getShort(HOST_STATUS) & 0xFFFF;
  }

  public int driverStatus() {
    return memory.getShort(DRIVER_STATUS) & 0xFFFF;
  }

  public int resid() {
    return memory.getInt(RESID);
  }

  private int u8(int offset) {
    return memory.getByte(offset) & 0xFF;
  }

  /** Releases the native memory. */
  public void free() {
    memory.close();
  }
}
