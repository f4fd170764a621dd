import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, launchRequest } from './single-instance';

/** Electron's app as far as the lock goes: requestSingleInstanceLock answers `holds`. */
function fakeApp(holds: boolean, isPackaged = true) {
  const events = new EventEmitter();
  return Object.assign(events, {
    isPackaged,
    requestSingleInstanceLock: vi.fn(() => holds),
    quit: vi.fn(),
    on: events.on.bind(events) as never,
  });
}

describe('the single-instance lock', () => {
  it('lets the first launch run and hands it what a second launch asks for', () => {
    const app = fakeApp(true);
    const opened = vi.fn();
    expect(claimSingleInstance(app, opened)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit(
      'second-instance',
      {},
      ['/opt/Backprop Workbench/backprop-workbench', '17'],
      '/home/u',
    );
    expect(opened).toHaveBeenCalledWith({ kind: 'run', id: 17 });
    app.emit('second-instance', {}, ['/opt/bw', 'runs.bpbundle'], '/home/u/Downloads');
    expect(opened).toHaveBeenLastCalledWith({
      kind: 'bundle',
      path: '/home/u/Downloads/runs.bpbundle',
    });
    app.emit('second-instance', {}, ['/opt/bw'], '/home/u');
    expect(opened).toHaveBeenLastCalledWith(null);
  });

  it('makes a second launch quit without opening anything', () => {
    const app = fakeApp(false);
    const opened = vi.fn();
    expect(claimSingleInstance(app, opened)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('skips the app folder of `electron .` in development', () => {
    const app = fakeApp(true, false);
    const opened = vi.fn();
    claimSingleInstance(app, opened);
    app.emit('second-instance', {}, ['/usr/lib/electron', '/src/backprop', '--run=5'], '/');
    expect(opened).toHaveBeenCalledWith({ kind: 'run', id: 5 });
  });
});

describe('what a launch asks for', () => {
  it.each([
    [['bw', '42'], { kind: 'run', id: 42 }],
    [['bw', '--no-sandbox', '--run=7'], { kind: 'run', id: 7 }],
    [['bw', '/tmp/a.json'], { kind: 'bundle', path: '/tmp/a.json' }],
    [['bw', 'b.BPBUNDLE'], { kind: 'bundle', path: '/work/b.BPBUNDLE' }],
    [['bw'], null],
    [['bw', '0'], null],
    [['bw', '-3'], null],
    [['bw', 'notes.txt'], null],
    [['bw', '--enable-features=X'], null],
    // Untrusted argv of a later launch: nothing but a plain id or a bundle path is taken.
    [['bw', '--run=42abc'], null],
    [['bw', '--run=-1'], null],
    [['bw', '4.2'], null],
    [['bw', '9007199254740993'], null],
    [['bw', '--bundle=/etc/x.json'], null],
    [['bw', '--inspect=9229', '../a.json'], { kind: 'bundle', path: '/a.json' }],
  ])('%j asks for %j', (argv, expected) => {
    expect(launchRequest(argv, '/work', 1)).toEqual(expected);
  });
});
