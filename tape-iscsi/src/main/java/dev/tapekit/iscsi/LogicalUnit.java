package dev.tapekit.iscsi;

import dev.tapekit.scsi.ScsiTransport;

/**
 * A logical unit a target serves: it opens one I_T nexus per session. The transport it returns carries
 * that session's commands; closing it is the nexus's end (logout or a dropped connection), where a
 * device releases what SPC says ends with the nexus (a RESERVE(6) reservation) and keeps the rest.
 */
@FunctionalInterface
public interface LogicalUnit {
  /**
   * A nexus for the initiator port named {@code initiatorPort} ({@code "iqn...,i,0x<ISID>"}, RFC 7143
   * §4.2.7.2): the same name always means the same initiator port.
   */
  ScsiTransport connect(String initiatorPort);

  /**
   * A LOGICAL UNIT RESET task management function, after the target has ended the unit's tasks: the
   * device clears what SAM-5 says a reset clears (RESERVE(6), not persistent reservations) and tells every
   * nexus with a unit attention. Does nothing by default.
   */
  default void reset() {}
}
