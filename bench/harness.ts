// A small comparative benchmark harness: one process, warm-up, alternating rounds, and the
// median of per-round ratios against a baseline measured in the same round.

/** One way of processing an input, measured against the others. */
export interface Pipeline<T> {
  name: string;
  run: (input: T) => unknown;
}

/** Options for {@link compare}. */
export interface CompareOptions {
  /** Measured rounds; each runs every pipeline once, in alternating order. Defaults to 15. */
  rounds?: number;
  /** Inputs processed by one pipeline in one round. Defaults to 50,000. */
  iterations?: number;
  /** Unmeasured rounds first, so the JIT has settled. Defaults to 3. */
  warmup?: number;
}

/** A pipeline's result: its median rate and its median ratio to the baseline. */
export interface Measurement {
  name: string;
  perSecond: number;
  ratio: number;
}

let sink: unknown;

function timeRound<T>(pipeline: Pipeline<T>, inputs: readonly T[], iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink = pipeline.run(inputs[i % inputs.length]!);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return iterations / seconds;
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Measures each pipeline over `inputs`; the first pipeline is the baseline. Each round runs all
 * pipelines, reversing the order every other round, and ratios are taken within a round, so
 * machine noise that spans a round cancels out.
 */
export function compare<T>(pipelines: readonly Pipeline<T>[], inputs: readonly T[], options: CompareOptions = {}): Measurement[] {
  const { rounds = 15, iterations = 50_000, warmup = 3 } = options;
  const rates = pipelines.map(() => [] as number[]);
  const ratios = pipelines.map(() => [] as number[]);
  for (let round = -warmup; round < rounds; round++) {
    const order = pipelines.map((_, i) => i);
    if (round % 2 !== 0) order.reverse();
    const roundRates: number[] = [];
    for (const i of order) roundRates[i] = timeRound(pipelines[i]!, inputs, iterations);
    if (round < 0) continue;
    pipelines.forEach((_, i) => {
      rates[i]!.push(roundRates[i]!);
      ratios[i]!.push(roundRates[i]! / roundRates[0]!);
    });
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return pipelines.map((p, i) => ({ name: p.name, perSecond: median(rates[i]!), ratio: median(ratios[i]!) }));
}

/** Formats measurements as an aligned text table. */
export function table(title: string, rows: readonly Measurement[]): string {
  const width = Math.max(...rows.map((r) => r.name.length), 8);
  const lines = [
    title,
    `${"pipeline".padEnd(width)}  ${"per second".padStart(12)}  ${"ratio".padStart(6)}`,
    ...rows.map((r) => `${r.name.padEnd(width)}  ${Math.round(r.perSecond).toLocaleString("en-US").padStart(12)}  ${r.ratio.toFixed(2).padStart(6)}`),
  ];
  return lines.join("\n");
}
