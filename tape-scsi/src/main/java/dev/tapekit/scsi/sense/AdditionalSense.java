package dev.tapekit.scsi.sense;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An additional sense code and qualifier (ASC/ASCQ) pair with its T10 description.
 *
 * <p>Every pair T10 assigns that a tape drive, media changer or any SPC device can return is a named
 * constant here (the rows of T10's ASC/ASCQ assignment list whose device columns include T or M),
 * named mechanically after the T10 text: {@code 3Ah/00h MEDIUM NOT PRESENT} is {@link
 * #MEDIUM_NOT_PRESENT}. Compare decoded sense against these constants, never against raw numbers.
 * Each constant's Javadoc gives its code and T10's device-type letters (D direct access, Z zoned
 * block, T tape, P processor, R C/DVD, O optical, M media changer, A storage array, E enclosure, B
 * reduced block, K optical card, V automation/drive interface, F object storage).
 *
 * <p>Pairs not in the table still decode: {@link #of(int, int)} describes the three T10 range
 * families (40h/80h-FFh diagnostic failure on component NN, 4Dh/NN tagged overlapped commands,
 * 70h/NN decompression exception short algorithm id; see {@link CodeRange}), vendor-specific codes
 * (ASC or ASCQ 80h-FFh), and anything else as unknown. Instances are immutable and equal when their
 * codes are; the class is thread safe.
 *
 * <p>The constants are generated from {@code tape-scsi/src/tables/asc-ascq.txt} by {@code
 * GenerateAdditionalSense.java} next to it; edit the table, not the generated region.
 */
public final class AdditionalSense {
  private static final Map<Integer, AdditionalSense> KNOWN = new HashMap<>();

  // BEGIN GENERATED from asc-ascq.txt
  /** 00h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense NO_ADDITIONAL_SENSE_INFORMATION =
      define(0x00, 0x00, "No additional sense information");
  /** 00h/01h, device types T. */
  public static final AdditionalSense FILEMARK_DETECTED = define(0x00, 0x01, "Filemark detected");
  /** 00h/02h, device types T. */
  public static final AdditionalSense END_OF_PARTITION_MEDIUM_DETECTED =
      define(0x00, 0x02, "End-of-partition/medium detected");
  /** 00h/03h, device types T. */
  public static final AdditionalSense SETMARK_DETECTED = define(0x00, 0x03, "Setmark detected");
  /** 00h/04h, device types T. */
  public static final AdditionalSense BEGINNING_OF_PARTITION_MEDIUM_DETECTED =
      define(0x00, 0x04, "Beginning-of-partition/medium detected");
  /** 00h/05h, device types T. */
  public static final AdditionalSense END_OF_DATA_DETECTED =
      define(0x00, 0x05, "End-of-data detected");
  /** 00h/06h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense I_O_PROCESS_TERMINATED =
      define(0x00, 0x06, "I/O process terminated");
  /** 00h/07h, device types T. */
  public static final AdditionalSense PROGRAMMABLE_EARLY_WARNING_DETECTED =
      define(0x00, 0x07, "Programmable early warning detected");
  /** 00h/16h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense OPERATION_IN_PROGRESS =
      define(0x00, 0x16, "Operation in progress");
  /** 00h/17h, device types DZTROMAEBKVF. */
  public static final AdditionalSense CLEANING_REQUESTED = define(0x00, 0x17, "Cleaning requested");
  /** 00h/18h, device types T. */
  public static final AdditionalSense ERASE_OPERATION_IN_PROGRESS =
      define(0x00, 0x18, "Erase operation in progress");
  /** 00h/19h, device types T. */
  public static final AdditionalSense LOCATE_OPERATION_IN_PROGRESS =
      define(0x00, 0x19, "Locate operation in progress");
  /** 00h/1Ah, device types T. */
  public static final AdditionalSense REWIND_OPERATION_IN_PROGRESS =
      define(0x00, 0x1A, "Rewind operation in progress");
  /** 00h/1Bh, device types T. */
  public static final AdditionalSense SET_CAPACITY_OPERATION_IN_PROGRESS =
      define(0x00, 0x1B, "Set capacity operation in progress");
  /** 00h/1Ch, device types T. */
  public static final AdditionalSense VERIFY_OPERATION_IN_PROGRESS =
      define(0x00, 0x1C, "Verify operation in progress");
  /** 00h/1Dh, device types DZTB. */
  public static final AdditionalSense ATA_PASS_THROUGH_INFORMATION_AVAILABLE =
      define(0x00, 0x1D, "ATA pass through information available");
  /** 00h/1Eh, device types DZTRMAEBKV. */
  public static final AdditionalSense CONFLICTING_SA_CREATION_REQUEST =
      define(0x00, 0x1E, "Conflicting SA creation request");
  /** 00h/1Fh, device types DZTB. */
  public static final AdditionalSense LOGICAL_UNIT_TRANSITIONING_TO_ANOTHER_POWER_CONDITION =
      define(0x00, 0x1F, "Logical unit transitioning to another power condition");
  /** 00h/20h, device types DZTPB. */
  public static final AdditionalSense EXTENDED_COPY_INFORMATION_AVAILABLE =
      define(0x00, 0x20, "Extended copy information available");
  /** 03h/00h, device types DZTOBK. */
  public static final AdditionalSense PERIPHERAL_DEVICE_WRITE_FAULT =
      define(0x03, 0x00, "Peripheral device write fault");
  /** 03h/01h, device types T. */
  public static final AdditionalSense NO_WRITE_CURRENT = define(0x03, 0x01, "No write current");
  /** 03h/02h, device types T. */
  public static final AdditionalSense EXCESSIVE_WRITE_ERRORS =
      define(0x03, 0x02, "Excessive write errors");
  /** 04h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE =
      define(0x04, 0x00, "Logical unit not ready, cause not reportable");
  /** 04h/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY =
      define(0x04, 0x01, "Logical unit is in process of becoming ready");
  /** 04h/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED =
      define(0x04, 0x02, "Logical unit not ready, initializing command required");
  /** 04h/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_MANUAL_INTERVENTION_REQUIRED =
      define(0x04, 0x03, "Logical unit not ready, manual intervention required");
  /** 04h/04h, device types DZTROB. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS =
      define(0x04, 0x04, "Logical unit not ready, format in progress");
  /** 04h/05h, device types DZTOABKF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_REBUILD_IN_PROGRESS =
      define(0x04, 0x05, "Logical unit not ready, rebuild in progress");
  /** 04h/06h, device types DZTOABK. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_RECALCULATION_IN_PROGRESS =
      define(0x04, 0x06, "Logical unit not ready, recalculation in progress");
  /** 04h/07h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_OPERATION_IN_PROGRESS =
      define(0x04, 0x07, "Logical unit not ready, operation in progress");
  /** 04h/09h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_SELF_TEST_IN_PROGRESS =
      define(0x04, 0x09, "Logical unit not ready, self-test in progress");
  /** 04h/0Ah, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_ACCESSIBLE_ASYMMETRIC_ACCESS_STATE_TRANSITION =
      define(0x04, 0x0A, "Logical unit not accessible, asymmetric access state transition");
  /** 04h/0Bh, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_STANDBY_STATE =
      define(0x04, 0x0B, "Logical unit not accessible, target port in standby state");
  /** 04h/0Ch, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_UNAVAILABLE_STATE =
      define(0x04, 0x0C, "Logical unit not accessible, target port in unavailable state");
  /** 04h/0Eh, device types DZTRMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_SECURITY_SESSION_IN_PROGRESS =
      define(0x04, 0x0E, "Logical unit not ready, security session in progress");
  /** 04h/10h, device types DZTROMB. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_AUXILIARY_MEMORY_NOT_ACCESSIBLE =
      define(0x04, 0x10, "Logical unit not ready, auxiliary memory not accessible");
  /** 04h/11h, device types DZTROAEBVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_NOTIFY_ENABLE_SPINUP_REQUIRED =
      define(0x04, 0x11, "Logical unit not ready, notify (enable spinup) required");
  /** 04h/12h, device types MV. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_OFFLINE =
      define(0x04, 0x12, "Logical unit not ready, offline");
  /** 04h/13h, device types DZTRMAEBKV. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_SA_CREATION_IN_PROGRESS =
      define(0x04, 0x13, "Logical unit not ready, SA creation in progress");
  /** 04h/15h, device types M. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_ROBOTICS_DISABLED =
      define(0x04, 0x15, "Logical unit not ready, robotics disabled");
  /** 04h/16h, device types M. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_CONFIGURATION_REQUIRED =
      define(0x04, 0x16, "Logical unit not ready, configuration required");
  /** 04h/17h, device types M. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_CALIBRATION_REQUIRED =
      define(0x04, 0x17, "Logical unit not ready, calibration required");
  /** 04h/18h, device types M. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_A_DOOR_IS_OPEN =
      define(0x04, 0x18, "Logical unit not ready, a door is open");
  /** 04h/19h, device types M. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_OPERATING_IN_SEQUENTIAL_MODE =
      define(0x04, 0x19, "Logical unit not ready, operating in sequential mode");
  /** 04h/1Ch, device types DZTMAEB. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_ADDITIONAL_POWER_USE_NOT_YET_GRANTED =
      define(0x04, 0x1C, "Logical unit not ready, additional power use not yet granted");
  /** 04h/1Fh, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_MICROCODE_DOWNLOAD_REQUIRED =
      define(0x04, 0x1F, "Logical unit not ready, microcode download required");
  /** 04h/20h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_LOGICAL_UNIT_RESET_REQUIRED =
      define(0x04, 0x20, "Logical unit not ready, logical unit reset required");
  /** 04h/21h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_HARD_RESET_REQUIRED =
      define(0x04, 0x21, "Logical unit not ready, hard reset required");
  /** 04h/22h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_READY_POWER_CYCLE_REQUIRED =
      define(0x04, 0x22, "Logical unit not ready, power cycle required");
  /** 05h/00h, device types DZTROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_DOES_NOT_RESPOND_TO_SELECTION =
      define(0x05, 0x00, "Logical unit does not respond to selection");
  /** 06h/00h, device types DZROMBK. */
  public static final AdditionalSense NO_REFERENCE_POSITION_FOUND =
      define(0x06, 0x00, "No reference position found");
  /** 07h/00h, device types DZTROMBK. */
  public static final AdditionalSense MULTIPLE_PERIPHERAL_DEVICES_SELECTED =
      define(0x07, 0x00, "Multiple peripheral devices selected");
  /** 08h/00h, device types DZTROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_COMMUNICATION_FAILURE =
      define(0x08, 0x00, "Logical unit communication failure");
  /** 08h/01h, device types DZTROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_COMMUNICATION_TIME_OUT =
      define(0x08, 0x01, "Logical unit communication time-out");
  /** 08h/02h, device types DZTROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_COMMUNICATION_PARITY_ERROR =
      define(0x08, 0x02, "Logical unit communication parity error");
  /** 08h/03h, device types DZTROMBK. */
  public static final AdditionalSense LOGICAL_UNIT_COMMUNICATION_CRC_ERROR_ULTRA_DMA_32 =
      define(0x08, 0x03, "Logical unit communication CRC error (ultra-DMA/32)");
  /** 08h/04h, device types DZTPROK. */
  public static final AdditionalSense UNREACHABLE_COPY_TARGET =
      define(0x08, 0x04, "Unreachable copy target");
  /** 09h/00h, device types DZTROB. */
  public static final AdditionalSense TRACK_FOLLOWING_ERROR =
      define(0x09, 0x00, "Track following error");
  /** 09h/04h, device types DZTROB. */
  public static final AdditionalSense HEAD_SELECT_FAULT = define(0x09, 0x04, "Head select fault");
  /** 09h/05h, device types DZTROB. */
  public static final AdditionalSense VIBRATION_INDUCED_TRACKING_ERROR =
      define(0x09, 0x05, "Vibration induced tracking error");
  /** 0Ah/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ERROR_LOG_OVERFLOW = define(0x0A, 0x00, "Error log overflow");
  /** 0Bh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING = define(0x0B, 0x00, "Warning");
  /** 0Bh/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_SPECIFIED_TEMPERATURE_EXCEEDED =
      define(0x0B, 0x01, "Warning - specified temperature exceeded");
  /** 0Bh/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_ENCLOSURE_DEGRADED =
      define(0x0B, 0x02, "Warning - enclosure degraded");
  /** 0Bh/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_BACKGROUND_SELF_TEST_FAILED =
      define(0x0B, 0x03, "Warning - background self-test failed");
  /** 0Bh/04h, device types DZTPROAEBKVF. */
  public static final AdditionalSense WARNING_BACKGROUND_PRE_SCAN_DETECTED_MEDIUM_ERROR =
      define(0x0B, 0x04, "Warning - background pre-scan detected medium error");
  /** 0Bh/05h, device types DZTPROAEBKVF. */
  public static final AdditionalSense WARNING_BACKGROUND_MEDIUM_SCAN_DETECTED_MEDIUM_ERROR =
      define(0x0B, 0x05, "Warning - background medium scan detected medium error");
  /** 0Bh/06h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_NON_VOLATILE_CACHE_NOW_VOLATILE =
      define(0x0B, 0x06, "Warning - non-volatile cache now volatile");
  /** 0Bh/07h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_DEGRADED_POWER_TO_NON_VOLATILE_CACHE =
      define(0x0B, 0x07, "Warning - degraded power to non-volatile cache");
  /** 0Bh/08h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_POWER_LOSS_EXPECTED =
      define(0x0B, 0x08, "Warning - power loss expected");
  /** 0Bh/0Ah, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_HIGH_CRITICAL_TEMPERATURE_LIMIT_EXCEEDED =
      define(0x0B, 0x0A, "Warning - high critical temperature limit exceeded");
  /** 0Bh/0Bh, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_LOW_CRITICAL_TEMPERATURE_LIMIT_EXCEEDED =
      define(0x0B, 0x0B, "Warning - low critical temperature limit exceeded");
  /** 0Bh/0Ch, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_HIGH_OPERATING_TEMPERATURE_LIMIT_EXCEEDED =
      define(0x0B, 0x0C, "Warning - high operating temperature limit exceeded");
  /** 0Bh/0Dh, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_LOW_OPERATING_TEMPERATURE_LIMIT_EXCEEDED =
      define(0x0B, 0x0D, "Warning - low operating temperature limit exceeded");
  /** 0Bh/0Eh, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_HIGH_CRITICAL_HUMIDITY_LIMIT_EXCEEDED =
      define(0x0B, 0x0E, "Warning - high critical humidity limit exceeded");
  /** 0Bh/0Fh, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_LOW_CRITICAL_HUMIDITY_LIMIT_EXCEEDED =
      define(0x0B, 0x0F, "Warning - low critical humidity limit exceeded");
  /** 0Bh/10h, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_HIGH_OPERATING_HUMIDITY_LIMIT_EXCEEDED =
      define(0x0B, 0x10, "Warning - high operating humidity limit exceeded");
  /** 0Bh/11h, device types DZTPROMAEBKV. */
  public static final AdditionalSense WARNING_LOW_OPERATING_HUMIDITY_LIMIT_EXCEEDED =
      define(0x0B, 0x11, "Warning - low operating humidity limit exceeded");
  /** 0Bh/12h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_MICROCODE_SECURITY_AT_RISK =
      define(0x0B, 0x12, "Warning - microcode security at risk");
  /** 0Bh/13h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WARNING_MICROCODE_DIGITAL_SIGNATURE_VALIDATION_FAILURE =
      define(0x0B, 0x13, "Warning - microcode digital signature validation failure");
  /** 0Ch/00h, device types DZTR. */
  public static final AdditionalSense WRITE_ERROR = define(0x0C, 0x00, "Write error");
  /** 0Ch/04h, device types DZTOB. */
  public static final AdditionalSense COMPRESSION_CHECK_MISCOMPARE_ERROR =
      define(0x0C, 0x04, "Compression check miscompare error");
  /** 0Ch/05h, device types DZTOB. */
  public static final AdditionalSense DATA_EXPANSION_OCCURRED_DURING_COMPRESSION =
      define(0x0C, 0x05, "Data expansion occurred during compression");
  /** 0Ch/06h, device types DZTOB. */
  public static final AdditionalSense BLOCK_NOT_COMPRESSIBLE =
      define(0x0C, 0x06, "Block not compressible");
  /** 0Ch/0Bh, device types DZTROMB. */
  public static final AdditionalSense AUXILIARY_MEMORY_WRITE_ERROR =
      define(0x0C, 0x0B, "Auxiliary memory write error");
  /** 0Ch/0Ch, device types DZTPROAEBKVF. */
  public static final AdditionalSense WRITE_ERROR_UNEXPECTED_UNSOLICITED_DATA =
      define(0x0C, 0x0C, "Write error - unexpected unsolicited data");
  /** 0Ch/0Dh, device types DZTPROAEBKVF. */
  public static final AdditionalSense WRITE_ERROR_NOT_ENOUGH_UNSOLICITED_DATA =
      define(0x0C, 0x0D, "Write error - not enough unsolicited data");
  /** 0Ch/0Eh, device types DZTOBK. */
  public static final AdditionalSense MULTIPLE_WRITE_ERRORS =
      define(0x0C, 0x0E, "Multiple write errors");
  /** 0Dh/00h, device types DZTPROAK. */
  public static final AdditionalSense ERROR_DETECTED_BY_THIRD_PARTY_TEMPORARY_INITIATOR =
      define(0x0D, 0x00, "Error detected by third party temporary initiator");
  /** 0Dh/01h, device types DZTPROAK. */
  public static final AdditionalSense THIRD_PARTY_DEVICE_FAILURE =
      define(0x0D, 0x01, "Third party device failure");
  /** 0Dh/02h, device types DZTPROAK. */
  public static final AdditionalSense COPY_TARGET_DEVICE_NOT_REACHABLE =
      define(0x0D, 0x02, "Copy target device not reachable");
  /** 0Dh/03h, device types DZTPROAK. */
  public static final AdditionalSense INCORRECT_COPY_TARGET_DEVICE_TYPE =
      define(0x0D, 0x03, "Incorrect copy target device type");
  /** 0Dh/04h, device types DZTPROAK. */
  public static final AdditionalSense COPY_TARGET_DEVICE_DATA_UNDERRUN =
      define(0x0D, 0x04, "Copy target device data underrun");
  /** 0Dh/05h, device types DZTPROAK. */
  public static final AdditionalSense COPY_TARGET_DEVICE_DATA_OVERRUN =
      define(0x0D, 0x05, "Copy target device data overrun");
  /** 0Eh/00h, device types DZTPROMAEBKF. */
  public static final AdditionalSense INVALID_INFORMATION_UNIT =
      define(0x0E, 0x00, "Invalid information unit");
  /** 0Eh/01h, device types DZTPROMAEBKF. */
  public static final AdditionalSense INFORMATION_UNIT_TOO_SHORT =
      define(0x0E, 0x01, "Information unit too short");
  /** 0Eh/02h, device types DZTPROMAEBKF. */
  public static final AdditionalSense INFORMATION_UNIT_TOO_LONG =
      define(0x0E, 0x02, "Information unit too long");
  /** 0Eh/03h, device types DZTPRMAEBKF. */
  public static final AdditionalSense INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT =
      define(0x0E, 0x03, "Invalid field in command information unit");
  /** 10h/01h, device types DZTO. */
  public static final AdditionalSense LOGICAL_BLOCK_GUARD_CHECK_FAILED =
      define(0x10, 0x01, "Logical block guard check failed");
  /** 10h/02h, device types DZTO. */
  public static final AdditionalSense LOGICAL_BLOCK_APPLICATION_TAG_CHECK_FAILED =
      define(0x10, 0x02, "Logical block application tag check failed");
  /** 10h/03h, device types DZTO. */
  public static final AdditionalSense LOGICAL_BLOCK_REFERENCE_TAG_CHECK_FAILED =
      define(0x10, 0x03, "Logical block reference tag check failed");
  /** 10h/04h, device types T. */
  public static final AdditionalSense LOGICAL_BLOCK_PROTECTION_ERROR_ON_RECOVER_BUFFERED_DATA =
      define(0x10, 0x04, "Logical block protection error on recover buffered data");
  /** 10h/05h, device types T. */
  public static final AdditionalSense LOGICAL_BLOCK_PROTECTION_METHOD_ERROR =
      define(0x10, 0x05, "Logical block protection method error");
  /** 11h/00h, device types DZTROBK. */
  public static final AdditionalSense UNRECOVERED_READ_ERROR =
      define(0x11, 0x00, "Unrecovered read error");
  /** 11h/01h, device types DZTROBK. */
  public static final AdditionalSense READ_RETRIES_EXHAUSTED =
      define(0x11, 0x01, "Read retries exhausted");
  /** 11h/02h, device types DZTROBK. */
  public static final AdditionalSense ERROR_TOO_LONG_TO_CORRECT =
      define(0x11, 0x02, "Error too long to correct");
  /** 11h/03h, device types DZTOBK. */
  public static final AdditionalSense MULTIPLE_READ_ERRORS =
      define(0x11, 0x03, "Multiple read errors");
  /** 11h/08h, device types T. */
  public static final AdditionalSense INCOMPLETE_BLOCK_READ =
      define(0x11, 0x08, "Incomplete block read");
  /** 11h/09h, device types T. */
  public static final AdditionalSense NO_GAP_FOUND = define(0x11, 0x09, "No gap found");
  /** 11h/0Ah, device types DZTOBK. */
  public static final AdditionalSense MISCORRECTED_ERROR = define(0x11, 0x0A, "Miscorrected error");
  /** 11h/0Dh, device types DZTROB. */
  public static final AdditionalSense DE_COMPRESSION_CRC_ERROR =
      define(0x11, 0x0D, "De-compression CRC error");
  /** 11h/0Eh, device types DZTROB. */
  public static final AdditionalSense CANNOT_DECOMPRESS_USING_DECLARED_ALGORITHM =
      define(0x11, 0x0E, "Cannot decompress using declared algorithm");
  /** 11h/12h, device types DZTROMB. */
  public static final AdditionalSense AUXILIARY_MEMORY_READ_ERROR =
      define(0x11, 0x12, "Auxiliary memory read error");
  /** 11h/13h, device types DZTPROAEBKVF. */
  public static final AdditionalSense READ_ERROR_FAILED_RETRANSMISSION_REQUEST =
      define(0x11, 0x13, "Read error - failed retransmission request");
  /** 14h/00h, device types DZTROBK. */
  public static final AdditionalSense RECORDED_ENTITY_NOT_FOUND =
      define(0x14, 0x00, "Recorded entity not found");
  /** 14h/01h, device types DZTROBK. */
  public static final AdditionalSense RECORD_NOT_FOUND = define(0x14, 0x01, "Record not found");
  /** 14h/02h, device types T. */
  public static final AdditionalSense FILEMARK_OR_SETMARK_NOT_FOUND =
      define(0x14, 0x02, "Filemark or setmark not found");
  /** 14h/03h, device types T. */
  public static final AdditionalSense END_OF_DATA_NOT_FOUND =
      define(0x14, 0x03, "End-of-data not found");
  /** 14h/04h, device types T. */
  public static final AdditionalSense BLOCK_SEQUENCE_ERROR =
      define(0x14, 0x04, "Block sequence error");
  /** 14h/05h, device types DZTOBK. */
  public static final AdditionalSense RECORD_NOT_FOUND_RECOMMEND_REASSIGNMENT =
      define(0x14, 0x05, "Record not found - recommend reassignment");
  /** 14h/06h, device types DZTOBK. */
  public static final AdditionalSense RECORD_NOT_FOUND_DATA_AUTO_REALLOCATED =
      define(0x14, 0x06, "Record not found - data auto-reallocated");
  /** 14h/07h, device types T. */
  public static final AdditionalSense LOCATE_OPERATION_FAILURE =
      define(0x14, 0x07, "Locate operation failure");
  /** 15h/00h, device types DZTROMBK. */
  public static final AdditionalSense RANDOM_POSITIONING_ERROR =
      define(0x15, 0x00, "Random positioning error");
  /** 15h/01h, device types DZTROMBK. */
  public static final AdditionalSense MECHANICAL_POSITIONING_ERROR =
      define(0x15, 0x01, "Mechanical positioning error");
  /** 15h/02h, device types DZTROBK. */
  public static final AdditionalSense POSITIONING_ERROR_DETECTED_BY_READ_OF_MEDIUM =
      define(0x15, 0x02, "Positioning error detected by read of medium");
  /** 17h/00h, device types DZTROBK. */
  public static final AdditionalSense RECOVERED_DATA_WITH_NO_ERROR_CORRECTION_APPLIED =
      define(0x17, 0x00, "Recovered data with no error correction applied");
  /** 17h/01h, device types DZTROBK. */
  public static final AdditionalSense RECOVERED_DATA_WITH_RETRIES =
      define(0x17, 0x01, "Recovered data with retries");
  /** 17h/02h, device types DZTROBK. */
  public static final AdditionalSense RECOVERED_DATA_WITH_POSITIVE_HEAD_OFFSET =
      define(0x17, 0x02, "Recovered data with positive head offset");
  /** 17h/03h, device types DZTROBK. */
  public static final AdditionalSense RECOVERED_DATA_WITH_NEGATIVE_HEAD_OFFSET =
      define(0x17, 0x03, "Recovered data with negative head offset");
  /** 18h/00h, device types DZTROBK. */
  public static final AdditionalSense RECOVERED_DATA_WITH_ERROR_CORRECTION_APPLIED =
      define(0x18, 0x00, "Recovered data with error correction applied");
  /** 1Ah/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense PARAMETER_LIST_LENGTH_ERROR =
      define(0x1A, 0x00, "Parameter list length error");
  /** 1Bh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SYNCHRONOUS_DATA_TRANSFER_ERROR =
      define(0x1B, 0x00, "Synchronous data transfer error");
  /** 1Dh/00h, device types DZTROBK. */
  public static final AdditionalSense MISCOMPARE_DURING_VERIFY_OPERATION =
      define(0x1D, 0x00, "Miscompare during verify operation");
  /** 20h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INVALID_COMMAND_OPERATION_CODE =
      define(0x20, 0x00, "Invalid command operation code");
  /** 20h/01h, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_INITIATOR_PENDING_ENROLLED =
      define(0x20, 0x01, "Access denied - initiator pending-enrolled");
  /** 20h/02h, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_NO_ACCESS_RIGHTS =
      define(0x20, 0x02, "Access denied - no access rights");
  /** 20h/03h, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_INVALID_MGMT_ID_KEY =
      define(0x20, 0x03, "Access denied - invalid mgmt ID key");
  /** 20h/04h, device types T. */
  public static final AdditionalSense ILLEGAL_COMMAND_WHILE_IN_WRITE_CAPABLE_STATE =
      define(0x20, 0x04, "Illegal command while in write capable state");
  /** 20h/06h, device types T. */
  public static final AdditionalSense ILLEGAL_COMMAND_WHILE_IN_EXPLICIT_ADDRESS_MODE =
      define(0x20, 0x06, "Illegal command while in explicit address mode");
  /** 20h/07h, device types T. */
  public static final AdditionalSense ILLEGAL_COMMAND_WHILE_IN_IMPLICIT_ADDRESS_MODE =
      define(0x20, 0x07, "Illegal command while in implicit address mode");
  /** 20h/08h, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_ENROLLMENT_CONFLICT =
      define(0x20, 0x08, "Access denied - enrollment conflict");
  /** 20h/09h, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_INVALID_LU_IDENTIFIER =
      define(0x20, 0x09, "Access denied - invalid LU identifier");
  /** 20h/0Ah, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_INVALID_PROXY_TOKEN =
      define(0x20, 0x0A, "Access denied - invalid proxy token");
  /** 20h/0Bh, device types DZTPROMAEBK. */
  public static final AdditionalSense ACCESS_DENIED_ACL_LUN_CONFLICT =
      define(0x20, 0x0B, "Access denied - ACL LUN conflict");
  /** 20h/0Ch, device types T. */
  public static final AdditionalSense ILLEGAL_COMMAND_WHEN_NOT_IN_APPEND_ONLY_MODE =
      define(0x20, 0x0C, "Illegal command when not in append-only mode");
  /** 21h/00h, device types DZTROBK. */
  public static final AdditionalSense LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE =
      define(0x21, 0x00, "Logical block address out of range");
  /** 21h/01h, device types DZTROMBK. */
  public static final AdditionalSense INVALID_ELEMENT_ADDRESS =
      define(0x21, 0x01, "Invalid element address");
  /** 23h/00h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_CAUSE_NOT_REPORTABLE =
      define(0x23, 0x00, "Invalid token operation, cause not reportable");
  /** 23h/01h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_UNSUPPORTED_TOKEN_TYPE =
      define(0x23, 0x01, "Invalid token operation, unsupported token type");
  /** 23h/02h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_REMOTE_TOKEN_USAGE_NOT_SUPPORTED =
      define(0x23, 0x02, "Invalid token operation, remote token usage not supported");
  /** 23h/03h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_REMOTE_ROD_TOKEN_CREATION_NOT_SUPPORTED =
      define(0x23, 0x03, "Invalid token operation, remote ROD token creation not supported");
  /** 23h/04h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_TOKEN_UNKNOWN =
      define(0x23, 0x04, "Invalid token operation, token unknown");
  /** 23h/05h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_TOKEN_CORRUPT =
      define(0x23, 0x05, "Invalid token operation, token corrupt");
  /** 23h/06h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_TOKEN_REVOKED =
      define(0x23, 0x06, "Invalid token operation, token revoked");
  /** 23h/07h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_TOKEN_EXPIRED =
      define(0x23, 0x07, "Invalid token operation, token expired");
  /** 23h/08h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_TOKEN_CANCELLED =
      define(0x23, 0x08, "Invalid token operation, token cancelled");
  /** 23h/09h, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_TOKEN_DELETED =
      define(0x23, 0x09, "Invalid token operation, token deleted");
  /** 23h/0Ah, device types DZTPB. */
  public static final AdditionalSense INVALID_TOKEN_OPERATION_INVALID_TOKEN_LENGTH =
      define(0x23, 0x0A, "Invalid token operation, invalid token length");
  /** 24h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INVALID_FIELD_IN_CDB =
      define(0x24, 0x00, "Invalid field in CDB");
  /** 24h/01h, device types DZTPROAEBKVF. */
  public static final AdditionalSense CDB_DECRYPTION_ERROR =
      define(0x24, 0x01, "CDB decryption error");
  /** 24h/08h, device types DZTRMAEBKV. */
  public static final AdditionalSense INVALID_XCDB = define(0x24, 0x08, "Invalid XCDB");
  /** 25h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_NOT_SUPPORTED =
      define(0x25, 0x00, "Logical unit not supported");
  /** 26h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INVALID_FIELD_IN_PARAMETER_LIST =
      define(0x26, 0x00, "Invalid field in parameter list");
  /** 26h/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense PARAMETER_NOT_SUPPORTED =
      define(0x26, 0x01, "Parameter not supported");
  /** 26h/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense PARAMETER_VALUE_INVALID =
      define(0x26, 0x02, "Parameter value invalid");
  /** 26h/03h, device types DZTPROMAEK. */
  public static final AdditionalSense THRESHOLD_PARAMETERS_NOT_SUPPORTED =
      define(0x26, 0x03, "Threshold parameters not supported");
  /** 26h/04h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INVALID_RELEASE_OF_PERSISTENT_RESERVATION =
      define(0x26, 0x04, "Invalid release of persistent reservation");
  /** 26h/05h, device types DZTPROABK. */
  public static final AdditionalSense DATA_DECRYPTION_ERROR =
      define(0x26, 0x05, "Data decryption error");
  /** 26h/06h, device types DZTPROK. */
  public static final AdditionalSense TOO_MANY_TARGET_DESCRIPTORS =
      define(0x26, 0x06, "Too many target descriptors");
  /** 26h/07h, device types DZTPROK. */
  public static final AdditionalSense UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE =
      define(0x26, 0x07, "Unsupported target descriptor type code");
  /** 26h/08h, device types DZTPROK. */
  public static final AdditionalSense TOO_MANY_SEGMENT_DESCRIPTORS =
      define(0x26, 0x08, "Too many segment descriptors");
  /** 26h/09h, device types DZTPROK. */
  public static final AdditionalSense UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE =
      define(0x26, 0x09, "Unsupported segment descriptor type code");
  /** 26h/0Ah, device types DZTPROK. */
  public static final AdditionalSense UNEXPECTED_INEXACT_SEGMENT =
      define(0x26, 0x0A, "Unexpected inexact segment");
  /** 26h/0Bh, device types DZTPROK. */
  public static final AdditionalSense INLINE_DATA_LENGTH_EXCEEDED =
      define(0x26, 0x0B, "Inline data length exceeded");
  /** 26h/0Ch, device types DZTPROK. */
  public static final AdditionalSense INVALID_OPERATION_FOR_COPY_SOURCE_OR_DESTINATION =
      define(0x26, 0x0C, "Invalid operation for copy source or destination");
  /** 26h/0Dh, device types DZTPROK. */
  public static final AdditionalSense COPY_SEGMENT_GRANULARITY_VIOLATION =
      define(0x26, 0x0D, "Copy segment granularity violation");
  /** 26h/0Eh, device types DZTPROMAEBK. */
  public static final AdditionalSense INVALID_PARAMETER_WHILE_PORT_IS_ENABLED =
      define(0x26, 0x0E, "Invalid parameter while port is enabled");
  /** 26h/10h, device types T. */
  public static final AdditionalSense DATA_DECRYPTION_KEY_FAIL_LIMIT_REACHED =
      define(0x26, 0x10, "Data decryption key fail limit reached");
  /** 26h/11h, device types T. */
  public static final AdditionalSense INCOMPLETE_KEY_ASSOCIATED_DATA_SET =
      define(0x26, 0x11, "Incomplete key-associated data set");
  /** 26h/12h, device types T. */
  public static final AdditionalSense VENDOR_SPECIFIC_KEY_REFERENCE_NOT_FOUND =
      define(0x26, 0x12, "Vendor specific key reference not found");
  /** 26h/14h, device types T. */
  public static final AdditionalSense TAPE_STREAM_MIRRORING_PREVENTED =
      define(0x26, 0x14, "Tape stream mirroring prevented");
  /** 26h/15h, device types T. */
  public static final AdditionalSense COPY_SOURCE_OR_COPY_DESTINATION_NOT_AUTHORIZED =
      define(0x26, 0x15, "Copy source or copy destination not authorized");
  /** 27h/00h, device types DZTROBK. */
  public static final AdditionalSense WRITE_PROTECTED = define(0x27, 0x00, "Write protected");
  /** 27h/01h, device types DZTROBK. */
  public static final AdditionalSense HARDWARE_WRITE_PROTECTED =
      define(0x27, 0x01, "Hardware write protected");
  /** 27h/02h, device types DZTROBK. */
  public static final AdditionalSense LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED =
      define(0x27, 0x02, "Logical unit software write protected");
  /** 27h/03h, device types TR. */
  public static final AdditionalSense ASSOCIATED_WRITE_PROTECT =
      define(0x27, 0x03, "Associated write protect");
  /** 27h/04h, device types TR. */
  public static final AdditionalSense PERSISTENT_WRITE_PROTECT =
      define(0x27, 0x04, "Persistent write protect");
  /** 27h/05h, device types TR. */
  public static final AdditionalSense PERMANENT_WRITE_PROTECT =
      define(0x27, 0x05, "Permanent write protect");
  /** 28h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED =
      define(0x28, 0x00, "Not ready to ready change, medium may have changed");
  /** 28h/01h, device types DZTROMB. */
  public static final AdditionalSense IMPORT_OR_EXPORT_ELEMENT_ACCESSED =
      define(0x28, 0x01, "Import or export element accessed");
  /** 28h/03h, device types M. */
  public static final AdditionalSense IMPORT_EXPORT_ELEMENT_ACCESSED_MEDIUM_CHANGED =
      define(0x28, 0x03, "Import/export element accessed, medium changed");
  /** 29h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED =
      define(0x29, 0x00, "Power on, reset, or bus device reset occurred");
  /** 29h/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense POWER_ON_OCCURRED = define(0x29, 0x01, "Power on occurred");
  /** 29h/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SCSI_BUS_RESET_OCCURRED =
      define(0x29, 0x02, "SCSI bus reset occurred");
  /** 29h/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense BUS_DEVICE_RESET_FUNCTION_OCCURRED =
      define(0x29, 0x03, "Bus device reset function occurred");
  /** 29h/04h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense DEVICE_INTERNAL_RESET =
      define(0x29, 0x04, "Device internal reset");
  /** 29h/05h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense TRANSCEIVER_MODE_CHANGED_TO_SINGLE_ENDED =
      define(0x29, 0x05, "Transceiver mode changed to single-ended");
  /** 29h/06h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense TRANSCEIVER_MODE_CHANGED_TO_LVD =
      define(0x29, 0x06, "Transceiver mode changed to LVD");
  /** 29h/07h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense I_T_NEXUS_LOSS_OCCURRED =
      define(0x29, 0x07, "I_T nexus loss occurred");
  /** 2Ah/00h, device types DZTROMAEBKVF. */
  public static final AdditionalSense PARAMETERS_CHANGED = define(0x2A, 0x00, "Parameters changed");
  /** 2Ah/01h, device types DZTROMAEBKVF. */
  public static final AdditionalSense MODE_PARAMETERS_CHANGED =
      define(0x2A, 0x01, "Mode parameters changed");
  /** 2Ah/02h, device types DZTROMAEK. */
  public static final AdditionalSense LOG_PARAMETERS_CHANGED =
      define(0x2A, 0x02, "Log parameters changed");
  /** 2Ah/03h, device types DZTPROMAEK. */
  public static final AdditionalSense RESERVATIONS_PREEMPTED =
      define(0x2A, 0x03, "Reservations preempted");
  /** 2Ah/04h, device types DZTPROMAE. */
  public static final AdditionalSense RESERVATIONS_RELEASED =
      define(0x2A, 0x04, "Reservations released");
  /** 2Ah/05h, device types DZTPROMAE. */
  public static final AdditionalSense REGISTRATIONS_PREEMPTED =
      define(0x2A, 0x05, "Registrations preempted");
  /** 2Ah/06h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ASYMMETRIC_ACCESS_STATE_CHANGED =
      define(0x2A, 0x06, "Asymmetric access state changed");
  /** 2Ah/07h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense IMPLICIT_ASYMMETRIC_ACCESS_STATE_TRANSITION_FAILED =
      define(0x2A, 0x07, "Implicit asymmetric access state transition failed");
  /** 2Ah/08h, device types DZTROMAEBKVF. */
  public static final AdditionalSense PRIORITY_CHANGED = define(0x2A, 0x08, "Priority changed");
  /** 2Ah/0Ah, device types DZT. */
  public static final AdditionalSense ERROR_HISTORY_I_T_NEXUS_CLEARED =
      define(0x2A, 0x0A, "Error history I_T nexus cleared");
  /** 2Ah/0Bh, device types DZT. */
  public static final AdditionalSense ERROR_HISTORY_SNAPSHOT_RELEASED =
      define(0x2A, 0x0B, "Error history snapshot released");
  /** 2Ah/0Dh, device types T. */
  public static final AdditionalSense DATA_ENCRYPTION_CAPABILITIES_CHANGED =
      define(0x2A, 0x0D, "Data encryption capabilities changed");
  /** 2Ah/10h, device types DZTMEV. */
  public static final AdditionalSense TIMESTAMP_CHANGED = define(0x2A, 0x10, "Timestamp changed");
  /** 2Ah/11h, device types T. */
  public static final AdditionalSense DATA_ENCRYPTION_PARAMETERS_CHANGED_BY_ANOTHER_I_T_NEXUS =
      define(0x2A, 0x11, "Data encryption parameters changed by another I_T nexus");
  /** 2Ah/12h, device types T. */
  public static final AdditionalSense DATA_ENCRYPTION_PARAMETERS_CHANGED_BY_VENDOR_SPECIFIC_EVENT =
      define(0x2A, 0x12, "Data encryption parameters changed by vendor specific event");
  /** 2Ah/13h, device types T. */
  public static final AdditionalSense DATA_ENCRYPTION_KEY_INSTANCE_COUNTER_HAS_CHANGED =
      define(0x2A, 0x13, "Data encryption key instance counter has changed");
  /** 2Ah/14h, device types DZTRMAEBKV. */
  public static final AdditionalSense SA_CREATION_CAPABILITIES_DATA_HAS_CHANGED =
      define(0x2A, 0x14, "SA creation capabilities data has changed");
  /** 2Ah/15h, device types TMV. */
  public static final AdditionalSense MEDIUM_REMOVAL_PREVENTION_PREEMPTED =
      define(0x2A, 0x15, "Medium removal prevention preempted");
  /** 2Bh/00h, device types DZTPROK. */
  public static final AdditionalSense COPY_CANNOT_EXECUTE_SINCE_HOST_CANNOT_DISCONNECT =
      define(0x2B, 0x00, "Copy cannot execute since host cannot disconnect");
  /** 2Ch/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense COMMAND_SEQUENCE_ERROR =
      define(0x2C, 0x00, "Command sequence error");
  /** 2Ch/07h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense PREVIOUS_BUSY_STATUS =
      define(0x2C, 0x07, "Previous busy status");
  /** 2Ch/08h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense PREVIOUS_TASK_SET_FULL_STATUS =
      define(0x2C, 0x08, "Previous task set full status");
  /** 2Ch/09h, device types DZTPROMEBKVF. */
  public static final AdditionalSense PREVIOUS_RESERVATION_CONFLICT_STATUS =
      define(0x2C, 0x09, "Previous reservation conflict status");
  /** 2Ch/0Bh, device types T. */
  public static final AdditionalSense NOT_RESERVED = define(0x2C, 0x0B, "Not reserved");
  /** 2Ch/13h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense WELL_KNOWN_LOGICAL_UNIT_ACCESS_REQUIRED =
      define(0x2C, 0x13, "Well known logical unit access required");
  /** 2Dh/00h, device types T. */
  public static final AdditionalSense OVERWRITE_ERROR_ON_UPDATE_IN_PLACE =
      define(0x2D, 0x00, "Overwrite error on update in place");
  /** 2Eh/00h, device types DZROMB. */
  public static final AdditionalSense INSUFFICIENT_TIME_FOR_OPERATION =
      define(0x2E, 0x00, "Insufficient time for operation");
  /** 2Eh/01h, device types DZOMB. */
  public static final AdditionalSense COMMAND_TIMEOUT_BEFORE_PROCESSING =
      define(0x2E, 0x01, "Command timeout before processing");
  /** 2Eh/02h, device types DZOMB. */
  public static final AdditionalSense COMMAND_TIMEOUT_DURING_PROCESSING =
      define(0x2E, 0x02, "Command timeout during processing");
  /** 2Eh/03h, device types DZOMB. */
  public static final AdditionalSense COMMAND_TIMEOUT_DURING_PROCESSING_DUE_TO_ERROR_RECOVERY =
      define(0x2E, 0x03, "Command timeout during processing due to error recovery");
  /** 2Fh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense COMMANDS_CLEARED_BY_ANOTHER_INITIATOR =
      define(0x2F, 0x00, "Commands cleared by another initiator");
  /** 2Fh/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense COMMANDS_CLEARED_BY_DEVICE_SERVER =
      define(0x2F, 0x02, "Commands cleared by device server");
  /** 2Fh/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SOME_COMMANDS_CLEARED_BY_QUEUING_LAYER_EVENT =
      define(0x2F, 0x03, "Some commands cleared by queuing layer event");
  /** 30h/00h, device types DZTROMBK. */
  public static final AdditionalSense INCOMPATIBLE_MEDIUM_INSTALLED =
      define(0x30, 0x00, "Incompatible medium installed");
  /** 30h/01h, device types DZTROBK. */
  public static final AdditionalSense CANNOT_READ_MEDIUM_UNKNOWN_FORMAT =
      define(0x30, 0x01, "Cannot read medium - unknown format");
  /** 30h/02h, device types DZTROBK. */
  public static final AdditionalSense CANNOT_READ_MEDIUM_INCOMPATIBLE_FORMAT =
      define(0x30, 0x02, "Cannot read medium - incompatible format");
  /** 30h/03h, device types DZTRMK. */
  public static final AdditionalSense CLEANING_CARTRIDGE_INSTALLED =
      define(0x30, 0x03, "Cleaning cartridge installed");
  /** 30h/04h, device types DZTROBK. */
  public static final AdditionalSense CANNOT_WRITE_MEDIUM_UNKNOWN_FORMAT =
      define(0x30, 0x04, "Cannot write medium - unknown format");
  /** 30h/05h, device types DZTROBK. */
  public static final AdditionalSense CANNOT_WRITE_MEDIUM_INCOMPATIBLE_FORMAT =
      define(0x30, 0x05, "Cannot write medium - incompatible format");
  /** 30h/06h, device types DZTROB. */
  public static final AdditionalSense CANNOT_FORMAT_MEDIUM_INCOMPATIBLE_MEDIUM =
      define(0x30, 0x06, "Cannot format medium - incompatible medium");
  /** 30h/07h, device types DZTROMAEBKVF. */
  public static final AdditionalSense CLEANING_FAILURE = define(0x30, 0x07, "Cleaning failure");
  /** 30h/0Ah, device types DZTROAEBK. */
  public static final AdditionalSense CLEANING_REQUEST_REJECTED =
      define(0x30, 0x0A, "Cleaning request rejected");
  /** 30h/0Ch, device types T. */
  public static final AdditionalSense WORM_MEDIUM_OVERWRITE_ATTEMPTED =
      define(0x30, 0x0C, "WORM medium - overwrite attempted");
  /** 30h/0Dh, device types T. */
  public static final AdditionalSense WORM_MEDIUM_INTEGRITY_CHECK =
      define(0x30, 0x0D, "WORM medium - integrity check");
  /** 30h/11h, device types M. */
  public static final AdditionalSense INCOMPATIBLE_VOLUME_TYPE =
      define(0x30, 0x11, "Incompatible volume type");
  /** 30h/12h, device types M. */
  public static final AdditionalSense INCOMPATIBLE_VOLUME_QUALIFIER =
      define(0x30, 0x12, "Incompatible volume qualifier");
  /** 30h/13h, device types M. */
  public static final AdditionalSense CLEANING_VOLUME_EXPIRED =
      define(0x30, 0x13, "Cleaning volume expired");
  /** 31h/00h, device types DZTROBK. */
  public static final AdditionalSense MEDIUM_FORMAT_CORRUPTED =
      define(0x31, 0x00, "Medium format corrupted");
  /** 33h/00h, device types T. */
  public static final AdditionalSense TAPE_LENGTH_ERROR = define(0x33, 0x00, "Tape length error");
  /** 34h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ENCLOSURE_FAILURE = define(0x34, 0x00, "Enclosure failure");
  /** 35h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ENCLOSURE_SERVICES_FAILURE =
      define(0x35, 0x00, "Enclosure services failure");
  /** 35h/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense UNSUPPORTED_ENCLOSURE_FUNCTION =
      define(0x35, 0x01, "Unsupported enclosure function");
  /** 35h/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ENCLOSURE_SERVICES_UNAVAILABLE =
      define(0x35, 0x02, "Enclosure services unavailable");
  /** 35h/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ENCLOSURE_SERVICES_TRANSFER_FAILURE =
      define(0x35, 0x03, "Enclosure services transfer failure");
  /** 35h/04h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ENCLOSURE_SERVICES_TRANSFER_REFUSED =
      define(0x35, 0x04, "Enclosure services transfer refused");
  /** 35h/05h, device types DZTROMAEBKVF. */
  public static final AdditionalSense ENCLOSURE_SERVICES_CHECKSUM_ERROR =
      define(0x35, 0x05, "Enclosure services checksum error");
  /** 37h/00h, device types DZTROMAEBKVF. */
  public static final AdditionalSense ROUNDED_PARAMETER = define(0x37, 0x00, "Rounded parameter");
  /** 39h/00h, device types DZTROMAEK. */
  public static final AdditionalSense SAVING_PARAMETERS_NOT_SUPPORTED =
      define(0x39, 0x00, "Saving parameters not supported");
  /** 3Ah/00h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_NOT_PRESENT = define(0x3A, 0x00, "Medium not present");
  /** 3Ah/01h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_NOT_PRESENT_TRAY_CLOSED =
      define(0x3A, 0x01, "Medium not present - tray closed");
  /** 3Ah/02h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_NOT_PRESENT_TRAY_OPEN =
      define(0x3A, 0x02, "Medium not present - tray open");
  /** 3Ah/03h, device types DZTROMB. */
  public static final AdditionalSense MEDIUM_NOT_PRESENT_LOADABLE =
      define(0x3A, 0x03, "Medium not present - loadable");
  /** 3Ah/04h, device types DZTROB. */
  public static final AdditionalSense MEDIUM_NOT_PRESENT_MEDIUM_AUXILIARY_MEMORY_ACCESSIBLE =
      define(0x3A, 0x04, "Medium not present - medium auxiliary memory accessible");
  /** 3Bh/00h, device types T. */
  public static final AdditionalSense SEQUENTIAL_POSITIONING_ERROR =
      define(0x3B, 0x00, "Sequential positioning error");
  /** 3Bh/01h, device types T. */
  public static final AdditionalSense TAPE_POSITION_ERROR_AT_BEGINNING_OF_MEDIUM =
      define(0x3B, 0x01, "Tape position error at beginning-of-medium");
  /** 3Bh/02h, device types T. */
  public static final AdditionalSense TAPE_POSITION_ERROR_AT_END_OF_MEDIUM =
      define(0x3B, 0x02, "Tape position error at end-of-medium");
  /** 3Bh/08h, device types T. */
  public static final AdditionalSense REPOSITION_ERROR = define(0x3B, 0x08, "Reposition error");
  /** 3Bh/0Ch, device types T. */
  public static final AdditionalSense POSITION_PAST_BEGINNING_OF_MEDIUM =
      define(0x3B, 0x0C, "Position past beginning of medium");
  /** 3Bh/0Dh, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_DESTINATION_ELEMENT_FULL =
      define(0x3B, 0x0D, "Medium destination element full");
  /** 3Bh/0Eh, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_SOURCE_ELEMENT_EMPTY =
      define(0x3B, 0x0E, "Medium source element empty");
  /** 3Bh/11h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_MAGAZINE_NOT_ACCESSIBLE =
      define(0x3B, 0x11, "Medium magazine not accessible");
  /** 3Bh/12h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_MAGAZINE_REMOVED =
      define(0x3B, 0x12, "Medium magazine removed");
  /** 3Bh/13h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_MAGAZINE_INSERTED =
      define(0x3B, 0x13, "Medium magazine inserted");
  /** 3Bh/14h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_MAGAZINE_LOCKED =
      define(0x3B, 0x14, "Medium magazine locked");
  /** 3Bh/15h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_MAGAZINE_UNLOCKED =
      define(0x3B, 0x15, "Medium magazine unlocked");
  /** 3Bh/18h, device types M. */
  public static final AdditionalSense ELEMENT_DISABLED = define(0x3B, 0x18, "Element disabled");
  /** 3Bh/19h, device types M. */
  public static final AdditionalSense ELEMENT_ENABLED = define(0x3B, 0x19, "Element enabled");
  /** 3Bh/1Ah, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_REMOVED =
      define(0x3B, 0x1A, "Data transfer device removed");
  /** 3Bh/1Bh, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_INSERTED =
      define(0x3B, 0x1B, "Data transfer device inserted");
  /** 3Bh/1Ch, device types T. */
  public static final AdditionalSense TOO_MANY_LOGICAL_OBJECTS_ON_PARTITION_TO_SUPPORT_OPERATION =
      define(0x3B, 0x1C, "Too many logical objects on partition to support operation");
  /** 3Bh/20h, device types M. */
  public static final AdditionalSense ELEMENT_STATIC_INFORMATION_CHANGED =
      define(0x3B, 0x20, "Element static information changed");
  /** 3Dh/00h, device types DZTPROMAEK. */
  public static final AdditionalSense INVALID_BITS_IN_IDENTIFY_MESSAGE =
      define(0x3D, 0x00, "Invalid bits in identify message");
  /** 3Eh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_HAS_NOT_SELF_CONFIGURED_YET =
      define(0x3E, 0x00, "Logical unit has not self-configured yet");
  /** 3Eh/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_FAILURE =
      define(0x3E, 0x01, "Logical unit failure");
  /** 3Eh/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense TIMEOUT_ON_LOGICAL_UNIT =
      define(0x3E, 0x02, "Timeout on logical unit");
  /** 3Eh/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_FAILED_SELF_TEST =
      define(0x3E, 0x03, "Logical unit failed self-test");
  /** 3Eh/04h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_UNABLE_TO_UPDATE_SELF_TEST_LOG =
      define(0x3E, 0x04, "Logical unit unable to update self-test log");
  /** 3Fh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense TARGET_OPERATING_CONDITIONS_HAVE_CHANGED =
      define(0x3F, 0x00, "Target operating conditions have changed");
  /** 3Fh/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense MICROCODE_HAS_BEEN_CHANGED =
      define(0x3F, 0x01, "Microcode has been changed");
  /** 3Fh/02h, device types DZTPROMBK. */
  public static final AdditionalSense CHANGED_OPERATING_DEFINITION =
      define(0x3F, 0x02, "Changed operating definition");
  /** 3Fh/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INQUIRY_DATA_HAS_CHANGED =
      define(0x3F, 0x03, "Inquiry data has changed");
  /** 3Fh/04h, device types DZTROMAEBK. */
  public static final AdditionalSense COMPONENT_DEVICE_ATTACHED =
      define(0x3F, 0x04, "Component device attached");
  /** 3Fh/05h, device types DZTROMAEBK. */
  public static final AdditionalSense DEVICE_IDENTIFIER_CHANGED =
      define(0x3F, 0x05, "Device identifier changed");
  /** 3Fh/06h, device types DZTROMAEB. */
  public static final AdditionalSense REDUNDANCY_GROUP_CREATED_OR_MODIFIED =
      define(0x3F, 0x06, "Redundancy group created or modified");
  /** 3Fh/07h, device types DZTROMAEB. */
  public static final AdditionalSense REDUNDANCY_GROUP_DELETED =
      define(0x3F, 0x07, "Redundancy group deleted");
  /** 3Fh/08h, device types DZTROMAEB. */
  public static final AdditionalSense SPARE_CREATED_OR_MODIFIED =
      define(0x3F, 0x08, "Spare created or modified");
  /** 3Fh/09h, device types DZTROMAEB. */
  public static final AdditionalSense SPARE_DELETED = define(0x3F, 0x09, "Spare deleted");
  /** 3Fh/0Ah, device types DZTROMAEBK. */
  public static final AdditionalSense VOLUME_SET_CREATED_OR_MODIFIED =
      define(0x3F, 0x0A, "Volume set created or modified");
  /** 3Fh/0Bh, device types DZTROMAEBK. */
  public static final AdditionalSense VOLUME_SET_DELETED = define(0x3F, 0x0B, "Volume set deleted");
  /** 3Fh/0Ch, device types DZTROMAEBK. */
  public static final AdditionalSense VOLUME_SET_DEASSIGNED =
      define(0x3F, 0x0C, "Volume set deassigned");
  /** 3Fh/0Dh, device types DZTROMAEBK. */
  public static final AdditionalSense VOLUME_SET_REASSIGNED =
      define(0x3F, 0x0D, "Volume set reassigned");
  /** 3Fh/0Eh, device types DZTPROMAE. */
  public static final AdditionalSense REPORTED_LUNS_DATA_HAS_CHANGED =
      define(0x3F, 0x0E, "Reported LUNs data has changed");
  /** 3Fh/0Fh, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ECHO_BUFFER_OVERWRITTEN =
      define(0x3F, 0x0F, "Echo buffer overwritten");
  /** 3Fh/10h, device types DZTROMB. */
  public static final AdditionalSense MEDIUM_LOADABLE = define(0x3F, 0x10, "Medium loadable");
  /** 3Fh/11h, device types DZTROMB. */
  public static final AdditionalSense MEDIUM_AUXILIARY_MEMORY_ACCESSIBLE =
      define(0x3F, 0x11, "Medium auxiliary memory accessible");
  /** 3Fh/12h, device types DZTPRMAEBKF. */
  public static final AdditionalSense ISCSI_IP_ADDRESS_ADDED =
      define(0x3F, 0x12, "iSCSI IP address added");
  /** 3Fh/13h, device types DZTPRMAEBKF. */
  public static final AdditionalSense ISCSI_IP_ADDRESS_REMOVED =
      define(0x3F, 0x13, "iSCSI IP address removed");
  /** 3Fh/14h, device types DZTPRMAEBKF. */
  public static final AdditionalSense ISCSI_IP_ADDRESS_CHANGED =
      define(0x3F, 0x14, "iSCSI IP address changed");
  /** 3Fh/15h, device types DZTPRMAEBK. */
  public static final AdditionalSense INSPECT_REFERRALS_SENSE_DESCRIPTORS =
      define(0x3F, 0x15, "Inspect referrals sense descriptors");
  /** 3Fh/16h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense MICROCODE_HAS_BEEN_CHANGED_WITHOUT_RESET =
      define(0x3F, 0x16, "Microcode has been changed without reset");
  /** 43h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense MESSAGE_ERROR = define(0x43, 0x00, "Message error");
  /** 44h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INTERNAL_TARGET_FAILURE =
      define(0x44, 0x00, "Internal target failure");
  /** 44h/01h, device types DZTPMAEBKVF. */
  public static final AdditionalSense PERSISTENT_RESERVATION_INFORMATION_LOST =
      define(0x44, 0x01, "Persistent reservation information lost");
  /** 44h/71h, device types DZTB. */
  public static final AdditionalSense ATA_DEVICE_FAILED_SET_FEATURES =
      define(0x44, 0x71, "ATA device failed set features");
  /** 45h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SELECT_OR_RESELECT_FAILURE =
      define(0x45, 0x00, "Select or reselect failure");
  /** 46h/00h, device types DZTPROMBK. */
  public static final AdditionalSense UNSUCCESSFUL_SOFT_RESET =
      define(0x46, 0x00, "Unsuccessful soft reset");
  /** 47h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SCSI_PARITY_ERROR = define(0x47, 0x00, "SCSI parity error");
  /** 47h/01h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense DATA_PHASE_CRC_ERROR_DETECTED =
      define(0x47, 0x01, "Data phase CRC error detected");
  /** 47h/02h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SCSI_PARITY_ERROR_DETECTED_DURING_ST_DATA_PHASE =
      define(0x47, 0x02, "SCSI parity error detected during ST data phase");
  /** 47h/03h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INFORMATION_UNIT_IUCRC_ERROR_DETECTED =
      define(0x47, 0x03, "Information unit iuCRC error detected");
  /** 47h/04h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense ASYNCHRONOUS_INFORMATION_PROTECTION_ERROR_DETECTED =
      define(0x47, 0x04, "Asynchronous information protection error detected");
  /** 47h/05h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense PROTOCOL_SERVICE_CRC_ERROR =
      define(0x47, 0x05, "Protocol service CRC error");
  /** 47h/06h, device types DZTMAEBKVF. */
  public static final AdditionalSense PHY_TEST_FUNCTION_IN_PROGRESS =
      define(0x47, 0x06, "PHY test function in progress");
  /** 47h/7Fh, device types DZTPROMAEBK. */
  public static final AdditionalSense SOME_COMMANDS_CLEARED_BY_ISCSI_PROTOCOL_EVENT =
      define(0x47, 0x7F, "Some commands cleared by iSCSI protocol event");
  /** 48h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INITIATOR_DETECTED_ERROR_MESSAGE_RECEIVED =
      define(0x48, 0x00, "Initiator detected error message received");
  /** 49h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INVALID_MESSAGE_ERROR =
      define(0x49, 0x00, "Invalid message error");
  /** 4Ah/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense COMMAND_PHASE_ERROR =
      define(0x4A, 0x00, "Command phase error");
  /** 4Bh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense DATA_PHASE_ERROR = define(0x4B, 0x00, "Data phase error");
  /** 4Bh/01h, device types DZTPROMAEBK. */
  public static final AdditionalSense INVALID_TARGET_PORT_TRANSFER_TAG_RECEIVED =
      define(0x4B, 0x01, "Invalid target port transfer tag received");
  /** 4Bh/02h, device types DZTPROMAEBK. */
  public static final AdditionalSense TOO_MUCH_WRITE_DATA =
      define(0x4B, 0x02, "Too much write data");
  /** 4Bh/03h, device types DZTPROMAEBK. */
  public static final AdditionalSense ACK_NAK_TIMEOUT = define(0x4B, 0x03, "ACK/NAK timeout");
  /** 4Bh/04h, device types DZTPROMAEBK. */
  public static final AdditionalSense NAK_RECEIVED = define(0x4B, 0x04, "NAK received");
  /** 4Bh/05h, device types DZTPROMAEBK. */
  public static final AdditionalSense DATA_OFFSET_ERROR = define(0x4B, 0x05, "Data offset error");
  /** 4Bh/06h, device types DZTPROMAEBK. */
  public static final AdditionalSense INITIATOR_RESPONSE_TIMEOUT =
      define(0x4B, 0x06, "Initiator response timeout");
  /** 4Bh/07h, device types DZTPROMAEBKF. */
  public static final AdditionalSense CONNECTION_LOST = define(0x4B, 0x07, "Connection lost");
  /** 4Bh/08h, device types DZTPROMAEBKF. */
  public static final AdditionalSense DATA_IN_BUFFER_OVERFLOW_DATA_BUFFER_SIZE =
      define(0x4B, 0x08, "Data-in buffer overflow - data buffer size");
  /** 4Bh/09h, device types DZTPROMAEBKF. */
  public static final AdditionalSense DATA_IN_BUFFER_OVERFLOW_DATA_BUFFER_DESCRIPTOR_AREA =
      define(0x4B, 0x09, "Data-in buffer overflow - data buffer descriptor area");
  /** 4Bh/0Ah, device types DZTPROMAEBKF. */
  public static final AdditionalSense DATA_IN_BUFFER_ERROR =
      define(0x4B, 0x0A, "Data-in buffer error");
  /** 4Bh/0Bh, device types DZTPROMAEBKF. */
  public static final AdditionalSense DATA_OUT_BUFFER_OVERFLOW_DATA_BUFFER_SIZE =
      define(0x4B, 0x0B, "Data-out buffer overflow - data buffer size");
  /** 4Bh/0Ch, device types DZTPROMAEBKF. */
  public static final AdditionalSense DATA_OUT_BUFFER_OVERFLOW_DATA_BUFFER_DESCRIPTOR_AREA =
      define(0x4B, 0x0C, "Data-out buffer overflow - data buffer descriptor area");
  /** 4Bh/0Dh, device types DZTPROMAEBKF. */
  public static final AdditionalSense DATA_OUT_BUFFER_ERROR =
      define(0x4B, 0x0D, "Data-out buffer error");
  /** 4Bh/0Eh, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_FABRIC_ERROR = define(0x4B, 0x0E, "PCIe fabric error");
  /** 4Bh/0Fh, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_COMPLETION_TIMEOUT =
      define(0x4B, 0x0F, "PCIe completion timeout");
  /** 4Bh/10h, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_COMPLETER_ABORT =
      define(0x4B, 0x10, "PCIe completer abort");
  /** 4Bh/11h, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_POISONED_TLP_RECEIVED =
      define(0x4B, 0x11, "PCIe poisoned TLP received");
  /** 4Bh/12h, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_ECRC_CHECK_FAILED =
      define(0x4B, 0x12, "PCIe ECRC check failed");
  /** 4Bh/13h, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_UNSUPPORTED_REQUEST =
      define(0x4B, 0x13, "PCIe unsupported request");
  /** 4Bh/14h, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_ACS_VIOLATION = define(0x4B, 0x14, "PCIe ACS violation");
  /** 4Bh/15h, device types DZTPROMAEBKF. */
  public static final AdditionalSense PCIE_TLP_PREFIX_BLOCKED =
      define(0x4B, 0x15, "PCIe TLP prefix blocked");
  /** 4Ch/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense LOGICAL_UNIT_FAILED_SELF_CONFIGURATION =
      define(0x4C, 0x00, "Logical unit failed self-configuration");
  /** 4Eh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense OVERLAPPED_COMMANDS_ATTEMPTED =
      define(0x4E, 0x00, "Overlapped commands attempted");
  /** 50h/00h, device types T. */
  public static final AdditionalSense WRITE_APPEND_ERROR = define(0x50, 0x00, "Write append error");
  /** 50h/01h, device types T. */
  public static final AdditionalSense WRITE_APPEND_POSITION_ERROR =
      define(0x50, 0x01, "Write append position error");
  /** 50h/02h, device types T. */
  public static final AdditionalSense POSITION_ERROR_RELATED_TO_TIMING =
      define(0x50, 0x02, "Position error related to timing");
  /** 51h/00h, device types DZTRO. */
  public static final AdditionalSense ERASE_FAILURE = define(0x51, 0x00, "Erase failure");
  /** 52h/00h, device types T. */
  public static final AdditionalSense CARTRIDGE_FAULT = define(0x52, 0x00, "Cartridge fault");
  /** 53h/00h, device types DZTROMBK. */
  public static final AdditionalSense MEDIA_LOAD_OR_EJECT_FAILED =
      define(0x53, 0x00, "Media load or eject failed");
  /** 53h/01h, device types T. */
  public static final AdditionalSense UNLOAD_TAPE_FAILURE =
      define(0x53, 0x01, "Unload tape failure");
  /** 53h/02h, device types DZTROMBK. */
  public static final AdditionalSense MEDIUM_REMOVAL_PREVENTED =
      define(0x53, 0x02, "Medium removal prevented");
  /** 53h/03h, device types M. */
  public static final AdditionalSense MEDIUM_REMOVAL_PREVENTED_BY_DATA_TRANSFER_ELEMENT =
      define(0x53, 0x03, "Medium removal prevented by data transfer element");
  /** 53h/04h, device types T. */
  public static final AdditionalSense MEDIUM_THREAD_OR_UNTHREAD_FAILURE =
      define(0x53, 0x04, "Medium thread or unthread failure");
  /** 53h/05h, device types M. */
  public static final AdditionalSense VOLUME_IDENTIFIER_INVALID =
      define(0x53, 0x05, "Volume identifier invalid");
  /** 53h/06h, device types M. */
  public static final AdditionalSense VOLUME_IDENTIFIER_MISSING =
      define(0x53, 0x06, "Volume identifier missing");
  /** 53h/07h, device types M. */
  public static final AdditionalSense DUPLICATE_VOLUME_IDENTIFIER =
      define(0x53, 0x07, "Duplicate volume identifier");
  /** 53h/08h, device types M. */
  public static final AdditionalSense ELEMENT_STATUS_UNKNOWN =
      define(0x53, 0x08, "Element status unknown");
  /** 53h/09h, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_ERROR_LOAD_FAILED =
      define(0x53, 0x09, "Data transfer device error - load failed");
  /** 53h/0Ah, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_ERROR_UNLOAD_FAILED =
      define(0x53, 0x0A, "Data transfer device error - unload failed");
  /** 53h/0Bh, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_ERROR_UNLOAD_MISSING =
      define(0x53, 0x0B, "Data transfer device error - unload missing");
  /** 53h/0Ch, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_ERROR_EJECT_FAILED =
      define(0x53, 0x0C, "Data transfer device error - eject failed");
  /** 53h/0Dh, device types M. */
  public static final AdditionalSense DATA_TRANSFER_DEVICE_ERROR_LIBRARY_COMMUNICATION_FAILED =
      define(0x53, 0x0D, "Data transfer device error - library communication failed");
  /** 55h/02h, device types DZTPROMAEK. */
  public static final AdditionalSense INSUFFICIENT_RESERVATION_RESOURCES =
      define(0x55, 0x02, "Insufficient reservation resources");
  /** 55h/03h, device types DZTPROMAEK. */
  public static final AdditionalSense INSUFFICIENT_RESOURCES =
      define(0x55, 0x03, "Insufficient resources");
  /** 55h/04h, device types DZTPROMAEK. */
  public static final AdditionalSense INSUFFICIENT_REGISTRATION_RESOURCES =
      define(0x55, 0x04, "Insufficient registration resources");
  /** 55h/05h, device types DZTPROMAEBK. */
  public static final AdditionalSense INSUFFICIENT_ACCESS_CONTROL_RESOURCES =
      define(0x55, 0x05, "Insufficient access control resources");
  /** 55h/06h, device types DZTROMB. */
  public static final AdditionalSense AUXILIARY_MEMORY_OUT_OF_SPACE =
      define(0x55, 0x06, "Auxiliary memory out of space");
  /** 55h/08h, device types T. */
  public static final AdditionalSense MAXIMUM_NUMBER_OF_SUPPLEMENTAL_DECRYPTION_KEYS_EXCEEDED =
      define(0x55, 0x08, "Maximum number of supplemental decryption keys exceeded");
  /** 55h/09h, device types M. */
  public static final AdditionalSense MEDIUM_AUXILIARY_MEMORY_NOT_ACCESSIBLE =
      define(0x55, 0x09, "Medium auxiliary memory not accessible");
  /** 55h/0Ah, device types DZM. */
  public static final AdditionalSense DATA_CURRENTLY_UNAVAILABLE =
      define(0x55, 0x0A, "Data currently unavailable");
  /** 55h/0Bh, device types DZTPROMAEBKVF. */
  public static final AdditionalSense INSUFFICIENT_POWER_FOR_OPERATION =
      define(0x55, 0x0B, "Insufficient power for operation");
  /** 55h/0Ch, device types DZTPB. */
  public static final AdditionalSense INSUFFICIENT_RESOURCES_TO_CREATE_ROD =
      define(0x55, 0x0C, "Insufficient resources to create ROD");
  /** 55h/0Dh, device types DZTPB. */
  public static final AdditionalSense INSUFFICIENT_RESOURCES_TO_CREATE_ROD_TOKEN =
      define(0x55, 0x0D, "Insufficient resources to create ROD token");
  /** 5Ah/00h, device types DZTPROBK. */
  public static final AdditionalSense OPERATOR_REQUEST_OR_STATE_CHANGE_INPUT =
      define(0x5A, 0x00, "Operator request or state change input");
  /** 5Ah/01h, device types DZTROMBK. */
  public static final AdditionalSense OPERATOR_MEDIUM_REMOVAL_REQUEST =
      define(0x5A, 0x01, "Operator medium removal request");
  /** 5Ah/02h, device types DZTROABK. */
  public static final AdditionalSense OPERATOR_SELECTED_WRITE_PROTECT =
      define(0x5A, 0x02, "Operator selected write protect");
  /** 5Ah/03h, device types DZTROABK. */
  public static final AdditionalSense OPERATOR_SELECTED_WRITE_PERMIT =
      define(0x5A, 0x03, "Operator selected write permit");
  /** 5Bh/00h, device types DZTPROMK. */
  public static final AdditionalSense LOG_EXCEPTION = define(0x5B, 0x00, "Log exception");
  /** 5Bh/01h, device types DZTPROMK. */
  public static final AdditionalSense THRESHOLD_CONDITION_MET =
      define(0x5B, 0x01, "Threshold condition met");
  /** 5Bh/02h, device types DZTPROMK. */
  public static final AdditionalSense LOG_COUNTER_AT_MAXIMUM =
      define(0x5B, 0x02, "Log counter at maximum");
  /** 5Bh/03h, device types DZTPROMK. */
  public static final AdditionalSense LOG_LIST_CODES_EXHAUSTED =
      define(0x5B, 0x03, "Log list codes exhausted");
  /** 5Dh/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense FAILURE_PREDICTION_THRESHOLD_EXCEEDED =
      define(0x5D, 0x00, "Failure prediction threshold exceeded");
  /** 5Dh/FFh, device types DZTPROMAEBKVF. */
  public static final AdditionalSense FAILURE_PREDICTION_THRESHOLD_EXCEEDED_FALSE =
      define(0x5D, 0xFF, "Failure prediction threshold exceeded (false)");
  /** 5Eh/00h, device types DZTPROAK. */
  public static final AdditionalSense LOW_POWER_CONDITION_ON =
      define(0x5E, 0x00, "Low power condition on");
  /** 5Eh/01h, device types DZTPROAK. */
  public static final AdditionalSense IDLE_CONDITION_ACTIVATED_BY_TIMER =
      define(0x5E, 0x01, "Idle condition activated by timer");
  /** 5Eh/02h, device types DZTPROAK. */
  public static final AdditionalSense STANDBY_CONDITION_ACTIVATED_BY_TIMER =
      define(0x5E, 0x02, "Standby condition activated by timer");
  /** 5Eh/03h, device types DZTPROAK. */
  public static final AdditionalSense IDLE_CONDITION_ACTIVATED_BY_COMMAND =
      define(0x5E, 0x03, "Idle condition activated by command");
  /** 5Eh/04h, device types DZTPROAK. */
  public static final AdditionalSense STANDBY_CONDITION_ACTIVATED_BY_COMMAND =
      define(0x5E, 0x04, "Standby condition activated by command");
  /** 5Eh/05h, device types DZTPROAK. */
  public static final AdditionalSense IDLE_B_CONDITION_ACTIVATED_BY_TIMER =
      define(0x5E, 0x05, "IDLE_B condition activated by timer");
  /** 5Eh/06h, device types DZTPROAK. */
  public static final AdditionalSense IDLE_B_CONDITION_ACTIVATED_BY_COMMAND =
      define(0x5E, 0x06, "IDLE_B condition activated by command");
  /** 5Eh/07h, device types DZTPROAK. */
  public static final AdditionalSense IDLE_C_CONDITION_ACTIVATED_BY_TIMER =
      define(0x5E, 0x07, "IDLE_C condition activated by timer");
  /** 5Eh/08h, device types DZTPROAK. */
  public static final AdditionalSense IDLE_C_CONDITION_ACTIVATED_BY_COMMAND =
      define(0x5E, 0x08, "IDLE_C condition activated by command");
  /** 5Eh/09h, device types DZTPROAK. */
  public static final AdditionalSense STANDBY_Y_CONDITION_ACTIVATED_BY_TIMER =
      define(0x5E, 0x09, "STANDBY_Y condition activated by timer");
  /** 5Eh/0Ah, device types DZTPROAK. */
  public static final AdditionalSense STANDBY_Y_CONDITION_ACTIVATED_BY_COMMAND =
      define(0x5E, 0x0A, "STANDBY_Y condition activated by command");
  /** 65h/00h, device types DZTPROMAEBKVF. */
  public static final AdditionalSense VOLTAGE_FAULT = define(0x65, 0x00, "Voltage fault");
  /** 67h/0Ah, device types DZTPROMAEBKVF. */
  public static final AdditionalSense SET_TARGET_PORT_GROUPS_COMMAND_FAILED =
      define(0x67, 0x0A, "Set target port groups command failed");
  /** 67h/0Bh, device types DZTB. */
  public static final AdditionalSense ATA_DEVICE_FEATURE_NOT_ENABLED =
      define(0x67, 0x0B, "ATA device feature not enabled");
  /** 71h/00h, device types T. */
  public static final AdditionalSense DECOMPRESSION_EXCEPTION_LONG_ALGORITHM_ID =
      define(0x71, 0x00, "Decompression exception long algorithm ID");
  /** 74h/00h, device types T. */
  public static final AdditionalSense SECURITY_ERROR = define(0x74, 0x00, "Security error");
  /** 74h/01h, device types T. */
  public static final AdditionalSense UNABLE_TO_DECRYPT_DATA =
      define(0x74, 0x01, "Unable to decrypt data");
  /** 74h/02h, device types T. */
  public static final AdditionalSense UNENCRYPTED_DATA_ENCOUNTERED_WHILE_DECRYPTING =
      define(0x74, 0x02, "Unencrypted data encountered while decrypting");
  /** 74h/03h, device types T. */
  public static final AdditionalSense INCORRECT_DATA_ENCRYPTION_KEY =
      define(0x74, 0x03, "Incorrect data encryption key");
  /** 74h/04h, device types T. */
  public static final AdditionalSense CRYPTOGRAPHIC_INTEGRITY_VALIDATION_FAILED =
      define(0x74, 0x04, "Cryptographic integrity validation failed");
  /** 74h/05h, device types T. */
  public static final AdditionalSense ERROR_DECRYPTING_DATA =
      define(0x74, 0x05, "Error decrypting data");
  /** 74h/06h, device types T. */
  public static final AdditionalSense UNKNOWN_SIGNATURE_VERIFICATION_KEY =
      define(0x74, 0x06, "Unknown signature verification key");
  /** 74h/07h, device types T. */
  public static final AdditionalSense ENCRYPTION_PARAMETERS_NOT_USEABLE =
      define(0x74, 0x07, "Encryption parameters not useable");
  /** 74h/08h, device types DZTRMEVF. */
  public static final AdditionalSense DIGITAL_SIGNATURE_VALIDATION_FAILURE =
      define(0x74, 0x08, "Digital signature validation failure");
  /** 74h/09h, device types T. */
  public static final AdditionalSense ENCRYPTION_MODE_MISMATCH_ON_READ =
      define(0x74, 0x09, "Encryption mode mismatch on read");
  /** 74h/0Ah, device types T. */
  public static final AdditionalSense ENCRYPTED_BLOCK_NOT_RAW_READ_ENABLED =
      define(0x74, 0x0A, "Encrypted block not raw read enabled");
  /** 74h/0Bh, device types T. */
  public static final AdditionalSense INCORRECT_ENCRYPTION_PARAMETERS =
      define(0x74, 0x0B, "Incorrect encryption parameters");
  /** 74h/0Ch, device types DZTRMAEBKV. */
  public static final AdditionalSense UNABLE_TO_DECRYPT_PARAMETER_LIST =
      define(0x74, 0x0C, "Unable to decrypt parameter list");
  /** 74h/0Dh, device types T. */
  public static final AdditionalSense ENCRYPTION_ALGORITHM_DISABLED =
      define(0x74, 0x0D, "Encryption algorithm disabled");
  /** 74h/10h, device types DZTRMAEBKV. */
  public static final AdditionalSense SA_CREATION_PARAMETER_VALUE_INVALID =
      define(0x74, 0x10, "SA creation parameter value invalid");
  /** 74h/11h, device types DZTRMAEBKV. */
  public static final AdditionalSense SA_CREATION_PARAMETER_VALUE_REJECTED =
      define(0x74, 0x11, "SA creation parameter value rejected");
  /** 74h/12h, device types DZTRMAEBKV. */
  public static final AdditionalSense INVALID_SA_USAGE = define(0x74, 0x12, "Invalid SA usage");
  /** 74h/21h, device types T. */
  public static final AdditionalSense DATA_ENCRYPTION_CONFIGURATION_PREVENTED =
      define(0x74, 0x21, "Data encryption configuration prevented");
  /** 74h/30h, device types DZTRMAEBKV. */
  public static final AdditionalSense SA_CREATION_PARAMETER_NOT_SUPPORTED =
      define(0x74, 0x30, "SA creation parameter not supported");
  /** 74h/40h, device types DZTRMAEBKV. */
  public static final AdditionalSense AUTHENTICATION_FAILED =
      define(0x74, 0x40, "Authentication failed");
  /** 74h/6Eh, device types T. */
  public static final AdditionalSense EXTERNAL_DATA_ENCRYPTION_CONTROL_TIMEOUT =
      define(0x74, 0x6E, "External data encryption control timeout");
  /** 74h/6Fh, device types T. */
  public static final AdditionalSense EXTERNAL_DATA_ENCRYPTION_CONTROL_ERROR =
      define(0x74, 0x6F, "External data encryption control error");
  /** 74h/71h, device types DZTRMEV. */
  public static final AdditionalSense LOGICAL_UNIT_ACCESS_NOT_AUTHORIZED =
      define(0x74, 0x71, "Logical unit access not authorized");
  // END GENERATED

  /**
   * The T10 code families whose ASCQ is a parameter rather than a fixed meaning. {@link
   * AdditionalSense#of(int, int)} recognises them; {@link AdditionalSense#codeRange()} says which.
   */
  public enum CodeRange {
    /** 40h/80h-FFh: DIAGNOSTIC FAILURE ON COMPONENT NN; the ASCQ identifies the component. */
    DIAGNOSTIC_FAILURE_ON_COMPONENT(0x40, 0x80, "Diagnostic failure on component %02Xh"),
    /** 4Dh/00h-FFh: TAGGED OVERLAPPED COMMANDS; the ASCQ is the task tag of the overlapped command. */
    TAGGED_OVERLAPPED_COMMANDS(0x4D, 0x00, "Tagged overlapped commands (task tag %02Xh)"),
    /**
     * 70h/00h-FFh: DECOMPRESSION EXCEPTION SHORT ALGORITHM ID OF NN (tape); the ASCQ is the
     * compression algorithm id that could not be decoded.
     */
    DECOMPRESSION_EXCEPTION_SHORT_ALGORITHM_ID(
        0x70, 0x00, "Decompression exception short algorithm ID of %02Xh");

    private final int asc;
    private final int firstAscq;
    private final String format;

    CodeRange(int asc, int firstAscq, String format) {
      this.asc = asc;
      this.firstAscq = firstAscq;
      this.format = format;
    }

    /** The ASC shared by the family. */
    public int asc() {
      return asc;
    }

    /** The lowest ASCQ of the family; the highest is always FFh. */
    public int firstAscq() {
      return firstAscq;
    }

    /** True when the pair belongs to this family. */
    public boolean contains(int asc, int ascq) {
      return (asc & 0xFF) == this.asc && (ascq & 0xFF) >= firstAscq;
    }

    String describe(int ascq) {
      return String.format(format, ascq & 0xFF);
    }

    static Optional<CodeRange> find(int asc, int ascq) {
      for (CodeRange r : values()) {
        if (r.contains(asc, ascq)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  private static final List<AdditionalSense> ALL;

  static {
    List<AdditionalSense> all = new ArrayList<>(KNOWN.values());
    all.sort(Comparator.comparingInt(AdditionalSense::hashCode));
    ALL = Collections.unmodifiableList(all);
  }

  private final int asc;
  private final int ascq;
  private final String description;

  private AdditionalSense(int asc, int ascq, String description) {
    this.asc = asc;
    this.ascq = ascq;
    this.description = description;
  }

  private static AdditionalSense define(int asc, int ascq, String description) {
    AdditionalSense s = new AdditionalSense(asc, ascq, description);
    if (KNOWN.put(key(asc, ascq), s) != null) {
      throw new IllegalStateException(String.format("duplicate ASC/ASCQ %02x/%02x", asc, ascq));
    }
    return s;
  }

  private static int key(int asc, int ascq) {
    return ((asc & 0xFF) << 8) | (ascq & 0xFF);
  }

  /**
   * The pair for these codes (only the low 8 bits of each are used): the named constant when T10
   * assigns it, otherwise an instance whose description names the range family, says it is vendor
   * specific, or says it is unknown.
   */
  public static AdditionalSense of(int asc, int ascq) {
    AdditionalSense known = KNOWN.get(key(asc, ascq));
    if (known != null) {
      return known;
    }
    int a = asc & 0xFF;
    int q = ascq & 0xFF;
    return new AdditionalSense(a, q, CodeRange.find(a, q).map(r -> r.describe(q)).orElseGet(() -> describeUnknown(a, q)));
  }

  private static String describeUnknown(int asc, int ascq) {
    if (asc >= 0x80) {
      return String.format("Vendor specific ASC 0x%02x, ASCQ 0x%02x", asc, ascq);
    }
    if (ascq >= 0x80) {
      return String.format("ASC 0x%02x, vendor specific qualifier 0x%02x", asc, ascq);
    }
    return String.format("Unknown ASC 0x%02x, ASCQ 0x%02x", asc, ascq);
  }

  /** Every named constant, ordered by ASC then ASCQ. */
  public static List<AdditionalSense> values() {
    return ALL;
  }

  /** True when T10 assigns this pair (it has a named constant). */
  public boolean isKnown() {
    return KNOWN.get(key(asc, ascq)) == this;
  }

  /** The range family this pair belongs to, for pairs that are not named constants. */
  public Optional<CodeRange> codeRange() {
    return isKnown() ? Optional.empty() : CodeRange.find(asc, ascq);
  }

  /** True for vendor-specific codes: ASC 80h-FFh, or ASCQ 80h-FFh outside the T10 range families. */
  public boolean isVendorSpecific() {
    return asc >= 0x80 || (ascq >= 0x80 && !isKnown() && codeRange().isEmpty());
  }

  public int asc() {
    return asc;
  }

  public int ascq() {
    return ascq;
  }

  /** The T10 text in sentence case with acronyms kept, e.g. "Medium not present". */
  public String description() {
    return description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdditionalSense a && a.asc == asc && a.ascq == ascq;
  }

  @Override
  public int hashCode() {
    return key(asc, ascq);
  }

  /** {@code description (ASC/ASCQ hh/hh)}. */
  @Override
  public String toString() {
    return String.format("%s (ASC/ASCQ %02x/%02x)", description, asc, ascq);
  }
}
