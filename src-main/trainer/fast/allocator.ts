/** Byte addresses in the kernel's memory, handed out front to back. */

export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** A bump allocator handing out 64-byte aligned regions (no two threads' data share a cache
 * line). */
export class Allocator {
  constructor(public end: number) {}
  take(bytes: number): number {
    const at = roundUp(this.end, 64);
    this.end = at + bytes;
    return at;
  }
}
