// Types of scripts/electronegativity.mjs for its test.

/** One reviewed and accepted finding pattern. */
export interface Suppression {
  check: string;
  file: string;
  sample?: string;
  reason: string;
}

/** Findings reviewed and accepted, each with its reason. */
export declare const SUPPRESSIONS: ReadonlyArray<Suppression>;

/** Parses Electronegativity's CSV output into one record per finding (keys from the header row, lower-case). */
export declare function parseCsv(text: string): Array<Record<string, string>>;

/** Splits findings into blocking (HIGH/MEDIUM, not suppressed), suppressed and informational. */
export declare function triage(
  findings: Array<Record<string, string>>,
  suppressions?: ReadonlyArray<Suppression>,
): {
  blocking: Array<Record<string, string>>;
  suppressed: Array<{ finding: Record<string, string>; reason: string }>;
  informational: Array<Record<string, string>>;
};

/** Runs Electronegativity on `input` (relative to the repo root) and returns its findings. */
export declare function runElectronegativity(input?: string): Array<Record<string, string>>;
