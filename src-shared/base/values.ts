/**
 * Plain JSON values addressed by dotted paths ("init.weights"): reading, writing, comparing and
 * labelling them. Sweeps, the doctor's fixes, config diffs and the UI's forms all share these.
 */

/** Sets a dotted path on a deep copy of `obj`. */
export function setPath(
  obj: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(obj);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = structuredClone(value);
  return copy;
}

/**
 * Why `path` cannot be set on `obj` without leaving a hole in a list: an index segment ("layers.1",
 * "features.layers.0.filters") must name an entry the list already has (setPath would otherwise
 * pad it with empty entries). Null when every index is within its list.
 */
export function pathIndexProblem(obj: unknown, path: string): string | null {
  const keys = path.split('.');
  let node: unknown = obj;
  for (const [i, key] of keys.entries()) {
    if (Array.isArray(node) && !(/^(0|[1-9][0-9]*)$/.test(key) && Number(key) < node.length)) {
      const list = keys.slice(0, i).join('.');
      const range = node.length === 0 ? 'none' : `0–${node.length - 1}`;
      return `"${path}": ${list} has ${node.length} ${node.length === 1 ? 'entry' : 'entries'} (index ${range}), so "${key}" names none of them`;
    }
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  return null;
}

/** Reads a dotted path ("init.weights") from a plain object; undefined when absent. */
export function getPath(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Deep equality of plain JSON values, ignoring object key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** A short human label for a swept value: U[0,1), N(0,1), 0.5; an object of several as
 * "weights U[0,1), biases N(0,1)", a layer list as 784-30-10 — never raw JSON for these. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(4)));
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.join('-');
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('/');
  if (v && typeof v === 'object' && !('kind' in v) && !Array.isArray(v))
    return Object.entries(v)
      .map(([k, x]) => `${k} ${describeValue(x)}`)
      .join(', ');
  if (v && typeof v === 'object' && 'kind' in v) {
    const o = v as Record<string, unknown>;
    switch (o.kind) {
      case 'uniform':
        return `U[${o.low},${o.high})`;
      case 'normal':
        return `N(${o.mean ?? 0},${o.std})`;
      case 'scaled-normal':
        return 'N(0,1/√n)';
      case 'constant':
        return `const ${o.value}`;
      default:
        return String(o.kind);
    }
  }
  return JSON.stringify(v);
}
