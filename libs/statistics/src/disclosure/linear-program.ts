import solver from 'javascript-lp-solver';

/** A linear program as javascript-lp-solver takes it: each variable's coefficient per constraint. */
export interface LinearProgram {
  variables: Record<string, Record<string, number>>;
  constraints: Record<string, { equal?: number; min?: number; max?: number }>;
}

/**
 * The least or greatest value `variable` takes under the program's constraints: ±Infinity
 * where it is unbounded that way, null where the constraints have no solution.
 */
export function extremeOf(
  program: LinearProgram,
  variable: string,
  direction: 'min' | 'max',
): number | null {
  const variables = Object.fromEntries(
    Object.entries(program.variables).map(([name, coefficients]) => [
      name,
      name === variable ? { ...coefficients, objective: 1 } : coefficients,
    ]),
  );
  const result = solver.Solve({
    optimize: 'objective',
    opType: direction,
    constraints: program.constraints,
    variables,
  }) as { feasible: boolean; result: number; bounded?: boolean };
  if (!result.feasible) return null;
  if (result.bounded === false) return direction === 'max' ? Infinity : -Infinity;
  return result.result;
}
