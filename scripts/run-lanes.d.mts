// Types of scripts/run-lanes.mjs for its test.

/** Runs each lane (a list of steps) beside the others; a failed step ends its lane. True when every step passed. */
export declare function runLanes(
  lanes: string[][],
  runStep: (step: string) => Promise<{ code: number; output: string }>,
  print: (text: string) => void,
): Promise<boolean>;
