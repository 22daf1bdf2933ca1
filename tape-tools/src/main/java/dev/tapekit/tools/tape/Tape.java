package dev.tapekit.tools.tape;

import dev.tapekit.tools.Tool;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tape}: tapekit's administration tool, after Proxmox Backup Server's {@code proxmox-tape} —
 * drives, changers, pools, media, labels, backups, restores, keys, jobs and the embedded virtual
 * library. A thin layer over tape-backup: no backup logic lives here.
 */
@Command(name = "tape", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Tape.Version.class,
    description = "Tape backup administration: drives, changers, pools, media, backup, restore, keys, jobs.",
    subcommands = {
        CommandLine.HelpCommand.class,
        DemoCommand.class,
        ChangerCommands.class,
        DriveCommands.class,
        DriveCommands.Status.class,
        DriveCommands.LoadMedia.class,
        DriveCommands.Unload.class,
        DriveCommands.Eject.class,
        DriveCommands.ExportMedia.class,
        DriveCommands.Format.class,
        DriveCommands.Clean.class,
        PoolCommands.class,
        LabelCommands.Label.class,
        LabelCommands.BarcodeLabel.class,
        LabelCommands.ReadLabel.class,
        InventoryCommands.Inventory.class,
        MediaCommands.class,
        InventoryCommands.Catalog.class,
        BackupCommand.class,
        RestoreCommand.class,
        VerifyCommand.class,
        CopyCommand.class,
        BackupJobCommands.class,
        DaemonCommand.class,
        KeyCommands.class,
        BarcodeLabelsCommand.class,
        VtlCommands.class,
    })
public final class Tape implements Runnable {
  private final TapeEnvironment environment;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public Tape(TapeEnvironment environment) {
    this.environment = environment;
  }

  TapeEnvironment environment() {
    return environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (tape help lists them)");
  }

  /** Runs {@code tape} with {@code args}; its exit status. */
  public static int execute(TapeEnvironment environment, String[] args, PrintWriter out, PrintWriter err) {
    return Tool.execute(new Tape(environment), args, out, err, Optional.empty());
  }

  public static void main(String[] args) {
    Tool.main(new Tape(TapeEnvironment.ofProcess()), args, Optional.empty());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Tape.class.getPackage().getImplementationVersion();
      return new String[] {"tape (tapekit) " + (v == null ? "development build" : v)};
    }
  }
}
