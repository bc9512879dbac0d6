/**
 * The bounds on what the readers accept, each under one name. Real packages stay far inside them;
 * an input beyond them is refused with a message (or left to the safe reader), never a crash.
 */

/**
 * Aliases let a few bytes expand into gigabytes (billion laughs). What is bounded is the number of
 * nodes they stand for, not how many there are: real packages repeat a few small blocks.
 */
export const maxAliasExpansion = 100_000;

/**
 * Real packages nest a few dozen levels (deep CRD schemas perhaps a hundred). The yaml library
 * composes nodes recursively and runs out of stack near 800 levels, and later steps recurse too,
 * so deeper input is refused before any recursive walk, with room to spare.
 */
export const maxNesting = 256;

/**
 * The fast block reader recurses per level; past this depth it declines, and the item goes to the
 * yaml parser and its nesting check instead.
 */
export const blockReaderDepth = 100;

/**
 * The heap a read needs per token of the input, measured as the smallest --max-old-space-size
 * that lets a 7 MB list through (the yaml parser's tokens and nodes, and the garbage it makes on
 * the way). JSON, and lists written in flow style, are read, re-printed and read again.
 */
export const heapPerToken = {block: 250, flow: 400};

/**
 * The heap the fast reader's run needs per byte of input, when it looks into every item: measured
 * as the smallest heap that lets a 3 MB list of Deployments through (--max-old-space-size=112,
 * which V8 counts as a heap_size_limit of 160 MB with the young generation). Items passed through
 * as text cost far less, so this errs on the safe side.
 */
export const heapPerByte = 55;
