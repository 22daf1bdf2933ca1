package dev.tapekit.benchmarks;

import dev.tapekit.changer.smc.ElementStatusData;
import dev.tapekit.changer.smc.ElementType;
import dev.tapekit.changer.smc.ReadElementStatus;
import dev.tapekit.scsi.MalformedResponseException;
import dev.tapekit.scsi.ScsiException;
import dev.tapekit.scsi.sense.SenseData;
import dev.tapekit.scsi.spc.SpcCommands;
import dev.tapekit.vtl.FaultPlan;
import dev.tapekit.vtl.changer.ChangerLayout;
import dev.tapekit.vtl.changer.ElementState;
import dev.tapekit.vtl.changer.VirtualChanger;
import dev.tapekit.vtl.drive.DrivePersonality;
import dev.tapekit.vtl.drive.VirtualTapeDrive;
import dev.tapekit.vtl.drive.VirtualTapeDrive.ThreadedRemoval;
import dev.tapekit.vtl.internal.CheckCondition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding what devices answer, on one core: sense data, which tape-scsi's {@link SenseData#parse}
 * decodes for every CHECK CONDITION (a filemark read, early warning, every error), and a whole
 * library's READ ELEMENT STATUS reply, which tape-changer's {@link ElementStatusData#decode} decodes
 * for every inventory ({@code SmcChanger.status}). Each next to a copy of the same bytes (the least a
 * decoder that keeps its input can do: the sense decoder keeps a copy, the element status decoder
 * reads every byte), in the same run:
 *
 * <ul>
 *   <li>{@code senseFixed} / {@code senseFixedCopy}: the 18 bytes of fixed-format sense (70h) a drive
 *       sends when READ(6) of 256 KiB in variable-block mode meets a filemark: NO SENSE, 00/01
 *       FILEMARK DETECTED, FILEMARK bit, INFORMATION = the residue.
 *   <li>{@code senseDescriptor} / {@code senseDescriptorCopy}: the same condition in descriptor
 *       format (72h: information and stream-commands descriptors, 24 bytes), as a drive sends it with
 *       D_SENSE set.
 *   <li>{@code elementStatus} / {@code elementStatusCopy}: READ ELEMENT STATUS of every element with
 *       volume tags from a library of 1 picker, 4 mail slots, 4 drives and 500 slots, 450 of them
 *       full (509 descriptors of 52 bytes, 26.5 KB, one page per element type); the copy goes into an
 *       array allocated once.
 * </ul>
 *
 * <p>The bytes are tape-vtl's, the encoders the project's tests hold to the SCSI standards: the sense
 * from its {@code CheckCondition} (what a {@code VirtualTapeDrive} returns at a filemark), the element
 * status from a {@link VirtualChanger} asked with tape-changer's {@link ReadElementStatus}. {@code
 * benchmarks/decoding.sh} prints decodes per second, the time of one decode and the ratios.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class StatusDecodingBenchmark {
  static final int SLOTS = 500;
  static final int FULL = 450;
  static final int DRIVES = 4;
  static final int BLOCK = 256 << 10;

  private byte[] fixedSense;
  private byte[] descriptorSense;
  private byte[] elementStatus;
  private byte[] copy;

  @Setup
  public void setUp() throws IOException, ScsiException {
    CheckCondition filemark = new CheckCondition(0x00, 0x00, 0x01).flags(CheckCondition.FILEMARK).information(BLOCK);
    fixedSense = filemark.sense(false);
    descriptorSense = filemark.sense(true);
    elementStatus = libraryInventory();
    copy = new byte[elementStatus.length];
    // Decode once outside the measurement, so a reply the decoder rejects fails the set-up, not the run.
    if (ElementStatusData.decode(elementStatus).descriptors().size() != 1 + 4 + DRIVES + SLOTS
        || !SenseData.parse(descriptorSense).filemark() || !SenseData.parse(fixedSense).filemark()) {
      throw new IllegalStateException("the replies do not decode to what was built");
    }
  }

  /** The reply of a virtual 500-slot library to READ ELEMENT STATUS (all types, VOLTAG). */
  static byte[] libraryInventory() throws IOException, ScsiException {
    ChangerLayout layout = new ChangerLayout("STK", "SL500", "0107", "BENCH0001", new byte[8], 1, 10, 4, 500, 1000,
        SLOTS, ThreadedRemoval.UNLOAD_UNLESS_PREVENTED);
    List<VirtualTapeDrive> drives = new ArrayList<>();
    for (int i = 0; i < DRIVES; i++) {
      drives.add(new VirtualTapeDrive("vtl:BENCH:" + i, DrivePersonality.ibmLto(9), "BENCHDRV0" + i, new byte[8],
          new FaultPlan()));
    }
    Map<Integer, ElementState> placements = new HashMap<>();
    for (int i = 0; i < FULL; i++) {
      int address = layout.storageStart() + i;
      placements.put(address, new ElementState(address, dev.tapekit.vtl.changer.ElementType.STORAGE, i,
          String.format("B%05dL9", i), address, false));
    }
    VirtualChanger changer = new VirtualChanger("vtl:BENCH", layout, drives, barcode -> {
      throw new IOException("no cartridge is loaded in this benchmark");
    }, new FaultPlan(), placements);
    try {
      // A changer reports the power-on unit attention (06/29/00) to its first command; take it here.
      SpcCommands.testUnitReady().execute(changer, null);
      return new ReadElementStatus(ElementType.ALL, 0, ReadElementStatus.MAX_ELEMENTS_PER_REQUEST, true, false, false,
          ReadElementStatus.MAX_ALLOCATION_LENGTH).toCommand().readData(changer);
    } finally {
      changer.close();
    }
  }

  @Benchmark
  public SenseData senseFixed() throws MalformedResponseException {
    return SenseData.parse(fixedSense);
  }

  @Benchmark
  public byte[] senseFixedCopy() {
    return fixedSense.clone();
  }

  @Benchmark
  public SenseData senseDescriptor() throws MalformedResponseException {
    return SenseData.parse(descriptorSense);
  }

  @Benchmark
  public byte[] senseDescriptorCopy() {
    return descriptorSense.clone();
  }

  @Benchmark
  public ElementStatusData elementStatus() throws MalformedResponseException {
    return ElementStatusData.decode(elementStatus);
  }

  @Benchmark
  public byte[] elementStatusCopy() {
    System.arraycopy(elementStatus, 0, copy, 0, elementStatus.length);
    return copy;
  }
}
