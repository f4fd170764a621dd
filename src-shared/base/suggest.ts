/**
 * "Did you mean …?" for misspelled field names: the known name nearest to what was typed, by
 * the optimal-string-alignment distance (Levenshtein plus swaps of two neighbours, so
 * "momemtum" is one edit from "momentum").
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** The known name nearest to `typed`, or undefined when none is close enough to be a typo.
 * Case is ignored ("learningrate" → "learningRate"); a name of n letters may be off by about
 * n/3 edits, so short names ("l1") are not matched to anything. */
export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  if (bestDistance <= allowed) return best;
  // Names from other tools with a suffix: "l2_lambda" → "l2".
  return known.find(
    (name) => lower.startsWith(name.toLowerCase()) && /^[^a-z0-9]/i.test(typed.slice(name.length)),
  );
}

/** 'Unknown field "momemtum" (did you mean "momentum"?)', or with the known names listed when
 * nothing is near. `where` names the object ("init.weights"). */
export function unknownFieldMessage(typed: string, known: readonly string[], where = ''): string {
  const head = `Unknown field "${typed}"${where ? ` in ${where}` : ''}`;
  const near = nearestName(typed, known);
  if (near !== undefined) return `${head} (did you mean "${near}"?)`;
  const list = known.map((k) => `"${k}"`).join(', ');
  return known.length ? `${head}; known fields: ${list}` : head;
}
