package dev.tapekit.format;

/**
 * A position on tape: tape file number, block number within that file, and the logical object
 * number (blocks and filemarks counted from BOT, what LOCATE takes).
 */
public record BlockAddress(long file, long block, long logicalObject) {}
