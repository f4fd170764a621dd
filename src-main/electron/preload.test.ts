import { describe, expect, it, vi } from 'vitest';
import { contractEvents, contractMethods } from '../../src-shared/contract/services';
import { desktopMethods } from '../../src-shared/contract/desktop';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
const on = vi.fn();
const removeListener = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke, on, removeListener },
}));

describe('the preload', () => {
  it('exposes exactly the contract under window.api, the dialogs under window.desktop, and nothing else', async () => {
    await import('./preload');
    expect(Object.keys(exposed)).toEqual(['api', 'desktop']);
    expect(Object.keys(exposed.desktop as object).sort()).toEqual([...desktopMethods].sort());
    const api = exposed.api as Record<string, Record<string, unknown>>;
    const expected = Object.fromEntries(
      Object.entries(contractMethods).map(([service, methods]) => [
        service,
        [
          ...methods,
          ...((contractEvents as Record<string, readonly string[]>)[service] ?? []),
        ].sort(),
      ]),
    );
    const actual = Object.fromEntries(
      Object.entries(api).map(([s, members]) => [s, Object.keys(members).sort()]),
    );
    expect(actual).toEqual(expected);
  });

  it('forwards a call on the channel named after the method, and events to listeners', async () => {
    await import('./preload');
    const api = exposed.api as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    await api.runs.get(5);
    expect(invoke).toHaveBeenCalledWith('runs.get', [5]);
    const listener = vi.fn();
    const off = api.queue.onDidChangeRun(listener) as () => void;
    const [channel, handler] = on.mock.calls[0] as unknown as [
      string,
      (e: unknown, p: unknown) => void,
    ];
    expect(channel).toBe('event:queue.onDidChangeRun');
    handler({}, { id: 1 });
    expect(listener).toHaveBeenCalledWith({ id: 1 });
    off();
    expect(removeListener).toHaveBeenCalledWith('event:queue.onDidChangeRun', handler);
    expect(() => api.queue.onDidChangeRun('not a function')).toThrow(/needs a function/);
  });

  it('hands a dialog its value, or throws its error as an Error', async () => {
    await import('./preload');
    const desktop = exposed.desktop as Record<string, (...a: unknown[]) => Promise<unknown>>;
    invoke.mockResolvedValueOnce({ ok: true, value: '/data/xor.csv' } as never);
    await expect(desktop.chooseDatasetPath('csv')).resolves.toBe('/data/xor.csv');
    expect(invoke).toHaveBeenLastCalledWith('desktop.chooseDatasetPath', ['csv']);
    invoke.mockResolvedValueOnce({ ok: false, error: { message: 'Untrusted sender' } } as never);
    await expect(desktop.openBundle()).rejects.toThrow('Untrusted sender');
  });
});
