// "Did you mean …?": the known name closest to a mistyped one.

/** The edit distance between two strings (insertions, deletions, substitutions), case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/**
 * The candidate closest to `name` when it is close enough to be a typo (at most a third of its
 * length, and 3, apart), or one that ends with `.name` (a short message name); else undefined.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  if (name === "" || name.length > 200) return undefined;
  const bySuffix = candidates.filter((c) => c.toLowerCase().endsWith(`.${name.toLowerCase()}`));
  if (bySuffix.length === 1) return bySuffix[0];
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(name.length / 3));
  for (const candidate of candidates) {
    const short = candidate.slice(candidate.lastIndexOf(".") + 1);
    const d = Math.min(distance(name, candidate), distance(name, short));
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` for the closest candidate, or "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const match = closest(name, candidates);
  return match === undefined ? "" : `; did you mean ${JSON.stringify(match)}?`;
}
