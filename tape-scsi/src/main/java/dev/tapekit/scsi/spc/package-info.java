/**
 * Generic SPC-5 commands: who a device is and what it can do, before any tape or changer command.
 *
 * <p>Builders in {@link dev.tapekit.scsi.spc.SpcCommands} return {@link dev.tapekit.scsi.ScsiCommand}s;
 * decoders are immutable records or classes with a static {@code parse(byte[])} that throws {@link
 * dev.tapekit.scsi.MalformedResponseException} (naming the structure and offset) for replies they
 * cannot decode. {@link dev.tapekit.scsi.spc.FullReply} runs a data-in command and re-issues it when
 * the reply's own length field says the allocation length was too small.
 *
 * <pre>{@code
 * StandardInquiry id = FullReply.standardInquiry(transport);
 * if (id.deviceType() != PeripheralDeviceType.SEQUENTIAL_ACCESS) { ... }
 * String serial = SerialNumberVpd.parseUnitSerialNumber(FullReply.vpdPage(transport, Vpd.UNIT_SERIAL_NUMBER)).serialNumber();
 * DeviceIdentification names = DeviceIdentification.parse(FullReply.vpdPage(transport, Vpd.DEVICE_IDENTIFICATION));
 * SupportedOperationCodes ops = FullReply.supportedOperationCodes(transport, true);
 * Duration formatTimeout = FullReply.operationCode(transport, 0x04, -1).timeouts()
 *     .map(CommandTimeouts::recommended).orElse(Duration.ofHours(2));
 * }</pre>
 *
 * <h2>Byte grammars</h2>
 *
 * Each decoder documents its layout; in short (offsets in bytes, BE = big-endian):
 *
 * <pre>
 *  standard INQUIRY    0 PQ|PDT, 1 RMB, 2 version, 3 flags|format, 4 additional length (n+5 total),
 *                      5-7 flags, 8-15 vendor, 16-31 product, 32-35 revision, 58-73 version descriptors
 *  VPD page            0 PQ|PDT, 1 page code, 2-3 page length, 4.. page data
 *    0x00              one supported page code per byte
 *    0x80, 0xB1        ASCII serial number
 *    0x83              designators: 0 protocol|code set, 1 PIV|association|type, 3 length, 4.. value
 *    0xB0              4 TSMC(1)|WORM(0)
 *  REPORT LUNS         0-3 LUN list length, 4-7 reserved, 8.. 8-byte LUNs
 *  RSOC all commands   0-3 command data length, descriptors of 8 (+12 timeouts when CTDP) bytes
 *  RSOC one command    1 CTDP|SUPPORT, 2-3 CDB size m, 4.. usage data, then 12-byte timeouts when CTDP
 * </pre>
 *
 * <h2>Truncated replies</h2>
 *
 * A device truncates to the allocation length without error. Decoders take one of two stances, each
 * documented on the class: lists (supported VPD pages, designators, LUNs, RSOC descriptors, INQUIRY
 * version descriptors) decode the complete entries that arrived and say {@code truncated()};
 * structures where a prefix would mislead (serial numbers, one-command RSOC usage data) reject the
 * reply. Bytes beyond the announced length are ignored.
 */
package dev.tapekit.scsi.spc;
