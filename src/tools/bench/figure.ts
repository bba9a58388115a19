/**
 * One figure of `npm run bench`: a name (what `BENCH_ONLY=<name>` selects) and a run that measures and
 * returns one or more lines of the table, each its measured value beside its goal from issue 13.
 */
export interface FigureLine {
  /** What is measured, e.g. "full/bare, embedded". */
  figure: string;
  /** The measured value as printed, with its unit. */
  measured: string;
  /** The goal as printed, e.g. "≥ 0.75"; "—" when the line has none. */
  goal: string;
  /** Whether the goal is met; undefined when the line has no goal. */
  met?: boolean;
}

export interface Figure {
  name: string;
  run(): Promise<FigureLine[]>;
}

/** A line whose goal is "at most `limit`" (or under it, when `strict`). */
export function atMost(figure: string, value: number, limit: number, unit: string, digits = 1): FigureLine {
  return { figure, measured: `${value.toFixed(digits)} ${unit}`.trim(), goal: `< ${limit} ${unit}`.trim(), met: value < limit };
}

/** A line whose goal is "at least `floor`". */
export function atLeast(figure: string, value: number, floor: number, unit: string, digits = 2): FigureLine {
  return { figure, measured: `${value.toFixed(digits)} ${unit}`.trim(), goal: `≥ ${floor} ${unit}`.trim(), met: value >= floor };
}

/** A line printed for information, without a goal. */
export function info(figure: string, measured: string): FigureLine {
  return { figure, measured, goal: '—' };
}
