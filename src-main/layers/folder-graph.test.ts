import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeCycle, folderCycles, folderGraph, folderOf, readSources } from './folder-graph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the folder import graph', () => {
  it('puts a file in the folder of its first two path segments', () => {
    expect(folderOf('src-main/core/queue/queue.ts')).toBe('src-main/core');
    expect(folderOf('src-shared/engine/network.ts')).toBe('src-shared/engine');
    expect(folderOf('src-shared/purity.test.ts')).toBe('src-shared');
  });

  it('finds a cycle through three folders and names the imports that close it', () => {
    const graph = folderGraph([
      { path: 'src-shared/engine/a.ts', text: "import { b } from '../datasets/b';" },
      { path: 'src-shared/datasets/b.ts', text: "export { c } from '../experiment/c';" },
      { path: 'src-shared/experiment/c.ts', text: "import type { A } from '../engine/a';" },
      { path: 'src-shared/base/d.ts', text: "import { z } from 'zod';" },
    ]);
    const cycles = folderCycles(graph);
    expect(cycles).toEqual([['src-shared/datasets', 'src-shared/engine', 'src-shared/experiment']]);
    expect(describeCycle(graph, cycles[0])).toContain(
      'src-shared/experiment → src-shared/engine (src-shared/experiment/c.ts: ../engine/a)',
    );
  });

  it('finds none when every arrow points one way, folder index files and dynamic imports included', () => {
    const graph = folderGraph([
      { path: 'src-main/cli/index.ts', text: "const m = await import('../core/app');" },
      { path: 'src-main/core/app.ts', text: "import { load } from '../datasets';" },
      { path: 'src-main/datasets/index.ts', text: "import { f } from './files';" },
      { path: 'src-main/datasets/files.ts', text: '' },
    ]);
    expect([...graph.get('src-main/core')!.keys()]).toEqual(['src-main/datasets']);
    expect(graph.has('src-main/datasets')).toBe(false);
    expect(folderCycles(graph)).toEqual([]);
  });

  it('has no cycle between the folders of src-shared and src-main', () => {
    const graph = folderGraph(readSources(root, ['src-shared', 'src-main']));
    expect(graph.get('src-main/cli')?.has('src-main/core')).toBe(true);
    const cycles = folderCycles(graph).map((c) => describeCycle(graph, c));
    expect(cycles, cycles.join('\n\n')).toEqual([]);
  });
});
