/**
 * {@link dev.tapekit.backup.write.PoolWriter}: a write session on a media pool, as PBS's pool writer
 * with tapekit's format (allocation by the pool's policy, labels, chunk archives that span tapes at
 * early warning, snapshot archives, the catalog on every tape, commits in the order tape sync then
 * catalog, eject or export at the end), and how it encrypts ({@link
 * dev.tapekit.backup.write.SetEncryption}: in the drive when it can, else in software).
 */
package dev.tapekit.backup.write;
