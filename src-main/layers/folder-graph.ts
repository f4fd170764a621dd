/**
 * The import graph between folders (src-shared/engine, src-main/core, ...), read from the sources
 * with the TypeScript compiler's import scanner, and the cycles in it. A lint rule sees one file
 * at a time; a cycle only shows in the whole graph, so a test checks it (folder-graph.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A source file by its repository-relative path (forward slashes) and text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** from folder → to folder → the imports that make the edge ("file: specifier"). */
export type FolderGraph = Map<string, Map<string, string[]>>;

/** The layer a file belongs to: the first two path segments ("src-main/core/queue/x.ts" →
 * "src-main/core"); a file at the top of an area belongs to the area itself. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/');
}

/** The file a relative specifier names (x, x.ts or x/index.ts); null for packages. */
function resolveImport(from: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return [base, `${base}.ts`, `${base}/index.ts`].find((c) => known.has(c)) ?? base;
}

export function folderGraph(files: SourceFile[]): FolderGraph {
  const known = new Set(files.map((f) => f.path));
  const graph: FolderGraph = new Map();
  for (const file of files) {
    const from = folderOf(file.path);
    // preProcessFile sees import/export-from, dynamic import() and require(), types included.
    for (const { fileName } of ts.preProcessFile(file.text, true, true).importedFiles) {
      const target = resolveImport(file.path, fileName, known);
      const to = target === null ? from : folderOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges.set(to, [...(edges.get(to) ?? []), `${file.path}: ${fileName}`]));
    }
  }
  return graph;
}

/** Groups of folders that import each other, directly or around a loop (Tarjan's strongly
 * connected components with more than one folder), each sorted by name. */
export function folderCycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) visit(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, low.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = stack.splice(stack.indexOf(v));
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The imports between the folders of one cycle, for the failure message. */
export function describeCycle(graph: FolderGraph, cycle: string[]): string {
  return cycle
    .flatMap((from) =>
      cycle
        .filter((to) => graph.get(from)?.has(to))
        .map((to) => `${from} → ${to} (${sample(graph.get(from)!.get(to)!)})`),
    )
    .join('\n');
}

/** The first three imports of an edge, and how many more. */
function sample(imports: string[]): string {
  const more = imports.length > 3 ? `, and ${imports.length - 3} more` : '';
  return imports.slice(0, 3).join(', ') + more;
}

/** The non-test TypeScript sources under `dirs` of the repository at `root`. Tests may reach
 * across layers to build fixtures, so they are not part of the layer graph. */
export function readSources(root: string, dirs: string[]): SourceFile[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
      .map((p) => ({ path: p, text: fs.readFileSync(path.join(root, p), 'utf8') })),
  );
}
