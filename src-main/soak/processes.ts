/**
 * Looking at operating-system processes for the fault tests: a process's children (Linux /proc),
 * whether a pid is alive, and waiting for processes to be gone (no orphans).
 */
import { readFileSync, readdirSync } from 'node:fs';

/** True while the process runs. A zombie (exited, not yet reaped: orphans whose new parent is a
 * container's init may stay so) has ended and counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return stateOf(String(pid)) !== 'Z';
}

/** The state letter from /proc/<pid>/stat ("pid (comm) state ppid …"; comm may hold spaces). */
function stateOf(pid: string): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return null;
  }
}

/** The parent pid from /proc/<pid>/stat ("pid (comm) state ppid …"; comm may hold spaces). */
function parentOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null; // gone meanwhile
  }
}

/** Pids whose parent is `pid` (empty where /proc does not exist). */
export function childPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return entries.filter((p) => parentOf(p) === pid).map(Number);
}

/** Resolves with the pids still alive after `timeoutMs` (empty when all are gone sooner). */
export async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}
