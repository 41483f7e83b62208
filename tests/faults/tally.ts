/**
 * What one part of the fault-injection suite reports: how many cases it tried and how each ended.
 * The bounded tests assert on it; `npm run torture` prints it for every part at full size.
 */
export interface FaultTally {
  /** The part of the suite, e.g. `damaged files`. */
  part: string;
  tried: number;
  /** Cases after which everything the reader saved is there, or was reported by name. */
  survived: number;
  /** Cases in which something the reader saved is gone or changed without a word. */
  lost: number;
  /** Cases that crashed or hung the process holding the library, or left it unable to open. */
  crashed: number;
  /** Script executions detected in the renderer (hostile inputs only; 0 elsewhere). */
  scriptsRun: number;
  /** One line per case that did not survive, naming the case and what went wrong. */
  failures: string[];
}

/** An empty tally for `part`. */
export function emptyTally(part: string): FaultTally {
  return { part, tried: 0, survived: 0, lost: 0, crashed: 0, scriptsRun: 0, failures: [] };
}

/** The tally as one line: `damaged files: tried 96, survived 96, lost 0, crashed 0, scripts run 0`. */
export function formatTally(tally: FaultTally): string {
  return (
    `${tally.part}: tried ${tally.tried}, survived ${tally.survived}, lost ${tally.lost}, ` +
    `crashed ${tally.crashed}, scripts run ${tally.scriptsRun}`
  );
}
