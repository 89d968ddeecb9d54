/**
 * What an import's rows said of each member of the segment, in one 32-bit word a member: the code of their
 * last row, the part of the file it came from, and whether a rejected row keeps them as they were. At
 * 5,000,000 members that is 20 MB, where three arrays of their own (code, part, kept) took 30.
 *
 * A code is UNSEEN (no row yet), UNCHANGED (a row with their own params), LEAVES, or STAGED + the rowid of the
 * staged row that carries their new params.
 */
export const UNSEEN = 0;
export const UNCHANGED = 1;
export const LEAVES = 2;
export const STAGED = 2;

/**
 * The parts a file is read in at most (imports/read-thread.ts): two bits of the word. More gain little: the
 * thread that stages the rows becomes the bottleneck.
 */
export const MAX_PARTS = 4;

const PART_SHIFT = 29;
const CODE_MASK = 2 ** PART_SHIFT - 1;
const KEPT = 2 ** 31;

/** The most rows an import can stage: a code must fit below the part's bits (536,870,909: a 50 GB file). */
export const MAX_STAGED_ROWS = CODE_MASK - STAGED;

export class MemberOutcomes {
  private readonly words: Uint32Array;

  constructor(size: number) {
    this.words = new Uint32Array(size);
  }

  code(member: number): number {
    return this.words[member] & CODE_MASK;
  }

  kept(member: number): boolean {
    return this.words[member] >= KEPT;
  }

  keep(member: number): void {
    this.words[member] = this.words[member] | KEPT;
  }

  /**
   * Records what a row from part `part` said, unless a row of a later part already spoke (parts arrive
   * interleaved; of a member's rows the last of the latest part wins). True when it is the member's first row.
   */
  note(member: number, code: number, part: number): boolean {
    const word = this.words[member];
    const first = (word & CODE_MASK) === UNSEEN;
    if (!first && part < ((word >>> PART_SHIFT) & (MAX_PARTS - 1))) return false;
    this.words[member] = (word & KEPT) | (part << PART_SHIFT) | code;
    return first;
  }
}
