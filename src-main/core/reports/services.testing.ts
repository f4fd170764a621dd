/** In-memory runs and settings services over report fixtures, for the reports service tests. */
import type { Services } from '../../../src-shared/contract/services';
import type { RunDetail, WeightsJson } from '../../../src-shared/contract/types';
import { fixtureApp } from '../../../src-shared/report/report.testing';

export function fakeServices(runs: RunDetail[], weights: Record<number, WeightsJson> = {}) {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const runsService = {
    async get(id: number) {
      const run = byId.get(id);
      if (!run) throw new Error(`Run ${id} does not exist`);
      return run;
    },
    async weights(id: number) {
      return weights[id] ?? null;
    },
    async experiments() {
      return [
        {
          id: 9,
          name: 'lr sweep',
          createdAt: '2025-03-04T12:00:00.000Z',
          kind: 'sweep' as const,
          runIds: [],
        },
      ];
    },
  } as unknown as Services['runs']; // only the three methods exports use
  const settings = { info: async () => fixtureApp } as unknown as Services['settings']; // only info() is used
  return { runs: runsService, settings };
}
