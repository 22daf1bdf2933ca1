/**
 * The jobs: {@link dev.tapekit.backup.job.TreeBackup} (a directory tree or a byte stream as one
 * snapshot through a {@link dev.tapekit.backup.write.PoolWriter}), {@link
 * dev.tapekit.backup.job.TreeRestore} (a {@link dev.tapekit.backup.job.RestorePlan} for a {@link
 * dev.tapekit.backup.job.RestoreSelection}: a whole set, snapshots or paths; then the run), {@link
 * dev.tapekit.backup.job.SetRecovery} (the catalog and the key from the tapes alone), {@link
 * dev.tapekit.backup.job.SetVerify} (read a set back without restoring), {@link
 * dev.tapekit.backup.job.SetCopy} (a set onto another pool's tapes), and the {@link
 * dev.tapekit.backup.job.Progress} they report. The module README has a complete example.
 *
 * <p>Common contract: a job holds the drive (catalog lock, and the device lock file when its loader
 * was opened with one) for its whole run; every chunk read is checked against its SHA-256 digest; what
 * cannot be read is a reported problem (tape, file, block, and the paths that needed it), not an
 * exception, and the rest of the job goes on; a command that may have moved the tape is never
 * retried; the catalog records only what the tape confirmed.
 */
package dev.tapekit.backup.job;
