/** One goal of bench/RESULTS.md: the shape every benchmark's report module produces. */

/** One goal and how the run did. */
export interface Goal {
  /** Stable key, the same on every kind of Temporal: the two columns of RESULTS.md are joined on it. */
  id: string;
  benchmark: string;
  goal: string;
  measured: string;
  /** `null`: not measured (the benchmark did not run or failed). */
  met: boolean | null;
  /** Why a goal is not met, from the measured figures (shown after the verdict). */
  why?: string;
}
