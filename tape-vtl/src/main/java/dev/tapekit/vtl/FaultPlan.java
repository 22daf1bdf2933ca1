package dev.tapekit.vtl;

import dev.tapekit.scsi.Sleeper;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Deterministic faults for one virtual device: medium errors on chosen (or seeded random) READ and
 * WRITE commands, early warning at a chosen logical object, BUSY or a transport timeout on the N-th
 * command, slow changer moves, and an offline switch. Counting starts when the device is created;
 * "N-th" is 1-based and counts only commands of that kind.
 *
 * <p>What each fault looks like to the initiator:
 *
 * <ul>
 *   <li>read medium error: CHECK CONDITION MEDIUM ERROR 03/11/00, nothing transferred, position unchanged;
 *   <li>write medium error: MEDIUM ERROR 03/0C/00, nothing written;
 *   <li>early warning at object {@code n}: writes that end at or beyond object {@code n} report 00/02 with
 *       EOM, as if the early-warning point were there;
 *   <li>busy: status BUSY (0x08), no sense; timeout: {@code ScsiTransportException} of kind TIMEOUT;
 *   <li>offline: NOT READY 02/04/12 (logical unit not ready, offline) for every command;
 *   <li>slow moves: MOVE/EXCHANGE MEDIUM sleep this long; longer than the command's timeout means a
 *       transport timeout (the move still happens, as on a real library).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class FaultPlan {

  /** What the device does with a command before executing it. */
  public enum Outcome {
    NONE,
    BUSY,
    TIMEOUT,
    OFFLINE
  }

  private final TreeSet<Long> readErrors = new TreeSet<>();
  private final TreeSet<Long> writeErrors = new TreeSet<>();
  private final TreeSet<Long> busy = new TreeSet<>();
  private final TreeSet<Long> timeouts = new TreeSet<>();
  private long commands;
  private long reads;
  private long writes;
  private long earlyWarningObject = -1;
  private boolean offline;
  private Duration moveDelay = Duration.ZERO;
  private Sleeper sleeper = Sleeper.SYSTEM;
  private SplittableRandom random;
  private double readErrorProbability;
  private double writeErrorProbability;

  /** READ number {@code n} (1-based, counting READ commands on this device) fails with 03/11/00. */
  public synchronized FaultPlan mediumErrorOnRead(long n) {
    readErrors.add(n);
    return this;
  }

  /** WRITE number {@code n} fails with 03/0C/00. */
  public synchronized FaultPlan mediumErrorOnWrite(long n) {
    writeErrors.add(n);
    return this;
  }

  /** Each READ/WRITE fails with the given probabilities, drawn from a generator seeded with {@code seed}. */
  public synchronized FaultPlan randomMediumErrors(long seed, double readProbability, double writeProbability) {
    random = new SplittableRandom(seed);
    readErrorProbability = readProbability;
    writeErrorProbability = writeProbability;
    return this;
  }

  /** Writes reaching logical object {@code n} report early warning; -1 restores the cartridge's own point. */
  public synchronized FaultPlan earlyWarningAtObject(long n) {
    earlyWarningObject = n;
    return this;
  }

  /** Command number {@code n} (1-based, all commands) returns BUSY. */
  public synchronized FaultPlan busyOnCommand(long n) {
    busy.add(n);
    return this;
  }

  /** Command number {@code n} does not complete: the transport throws a TIMEOUT exception. */
  public synchronized FaultPlan timeoutOnCommand(long n) {
    timeouts.add(n);
    return this;
  }

  /** Takes the device offline (NOT READY 02/04/12 for everything) or back online. */
  public synchronized FaultPlan offline(boolean value) {
    offline = value;
    return this;
  }

  /** Every changer move takes this long. */
  public synchronized FaultPlan moveDelay(Duration delay, Sleeper how) {
    moveDelay = delay;
    sleeper = how;
    return this;
  }

  /** Number of commands seen so far. */
  public synchronized long commandCount() {
    return commands;
  }

  /** Called by the device before each command. */
  public synchronized Outcome beforeCommand(int opcode, Duration timeout) {
    commands++;
    if (timeouts.remove(commands)) {
      return Outcome.TIMEOUT;
    }
    if (busy.remove(commands)) {
      return Outcome.BUSY;
    }
    boolean inquiryLike = opcode == 0x12 || opcode == 0x03 || opcode == 0xA0;
    return offline && !inquiryLike ? Outcome.OFFLINE : Outcome.NONE;
  }

  /** Called once per READ command; true when it must fail. */
  public synchronized boolean nextReadFails() {
    return fails(readErrors, ++reads, readErrorProbability);
  }

  /** Called once per WRITE command; true when it must fail. */
  public synchronized boolean nextWriteFails() {
    return fails(writeErrors, ++writes, writeErrorProbability);
  }

  private boolean fails(TreeSet<Long> chosen, long n, double probability) {
    boolean random = this.random != null && this.random.nextDouble() < probability;
    return chosen.remove(n) || random;
  }

  /** The injected early-warning object, or -1. */
  public synchronized long earlyWarningObject() {
    return earlyWarningObject;
  }

  /**
   * Sleeps for the configured move delay; returns false when the delay exceeds {@code timeout} (the
   * caller then reports a transport timeout).
   */
  public boolean delayMove(Duration timeout) throws InterruptedException {
    Duration d;
    Sleeper s;
    synchronized (this) {
      d = moveDelay;
      s = sleeper;
    }
    if (d.isZero()) {
      return true;
    }
    if (timeout != null && d.compareTo(timeout) > 0) {
      s.sleep(timeout);
      return false;
    }
    s.sleep(d);
    return true;
  }
}
