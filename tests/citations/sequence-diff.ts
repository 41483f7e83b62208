/**
 * Comparing two sequences through a longest common subsequence: which elements of one the other has
 * moved, and the two walked side by side (for showing what differs).
 */

/** `lengths[i][j]`: the length of a longest common subsequence of `a` from `i` and `b` from `j`. */
function commonLengths<T>(a: readonly T[], b: readonly T[]): number[][] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  return lengths;
}

/** One element of either sequence: in both (common), or in `a` or `b` only. */
export interface Step<T> {
  value: T;
  side: 'both' | 'a' | 'b';
}

/** `a` and `b` walked side by side along a longest common subsequence. */
export function alignSequences<T>(a: readonly T[], b: readonly T[]): Step<T>[] {
  const lengths = commonLengths(a, b);
  const steps: Step<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      steps.push({ value: a[i]!, side: 'both' });
      i += 1;
      j += 1;
    } else if (j >= b.length || (i < a.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      steps.push({ value: a[i]!, side: 'a' });
      i += 1;
    } else {
      steps.push({ value: b[j]!, side: 'b' });
      j += 1;
    }
  }
  return steps;
}

/** The elements of `a` outside a longest common subsequence with `b`: those the other order moved. */
export function movedIds(a: readonly string[], b: readonly string[]): string[] {
  return alignSequences(a, b)
    .filter((step) => step.side === 'a')
    .map((step) => step.value);
}
