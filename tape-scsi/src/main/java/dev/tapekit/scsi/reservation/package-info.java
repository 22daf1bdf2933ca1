/**
 * Reservations: how hosts that share a drive or changer keep each other out.
 *
 * <p>{@link dev.tapekit.scsi.reservation.PersistentReservations} registers keys and reserves with
 * PERSISTENT RESERVE OUT, and reads keys, the reservation and the capabilities with PERSISTENT
 * RESERVE IN; {@link dev.tapekit.scsi.reservation.UnitReservation} sends the older RESERVE(6) and
 * RELEASE(6). {@link dev.tapekit.scsi.reservation.ReservationCommands} builds the CDBs and the
 * parameter list; the reply decoders ({@link dev.tapekit.scsi.reservation.RegisteredKeys}, {@link
 * dev.tapekit.scsi.reservation.PersistentReservation}, {@link
 * dev.tapekit.scsi.reservation.ReservationCapabilities}) have a static {@code parse(byte[])} that
 * throws {@link dev.tapekit.scsi.MalformedResponseException} for what they cannot decode. READ FULL
 * STATUS, REGISTER AND MOVE, REPLACE LOST RESERVATION and transport IDs (SPEC_I_PT, ALL_TG_PT) are
 * not covered.
 */
package dev.tapekit.scsi.reservation;
