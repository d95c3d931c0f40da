import loadHighs from 'highs';

/** HiGHS's one-shot solver, once its WebAssembly module has loaded. */
type Highs = Awaited<ReturnType<typeof loadHighs>>;

let loading: Promise<Highs> | undefined;
let loaded: Highs | undefined;

/**
 * Loads the linear-programming solver (HiGHS, compiled to WebAssembly) that cell suppression
 * needs; the statistics module awaits it before it serves anything. Loading again is free.
 */
export async function loadLinearSolver(): Promise<void> {
  loading ??= loadHighs();
  loaded = await loading;
}

/** A linear program's optimum: the value of each variable, or null when it has none. */
export function maximise(program: string): Map<string, number> | null {
  if (!loaded) throw new Error('loadLinearSolver() must be awaited before tables are suppressed');
  const solution = loaded.solve(program);
  if (solution.Status !== 'Optimal') return null;
  return new Map(Object.entries(solution.Columns).map(([name, column]) => [name, column.Primal]));
}
