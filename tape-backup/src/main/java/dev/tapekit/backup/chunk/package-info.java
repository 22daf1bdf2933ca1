/**
 * Content-defined chunking ({@link dev.tapekit.backup.chunk.FastCdc}, parameters in {@link
 * dev.tapekit.backup.chunk.ChunkerParams}, chosen by measurement) and SHA-256 hashing on all cores
 * with results in order ({@link dev.tapekit.backup.chunk.ParallelHasher}).
 */
package dev.tapekit.backup.chunk;
