// @ts-nocheck -- AssemblyScript (usize, v128), type-checked by asc in `npm run build`.
/**
 * A plain float32 GEMM, C = A·B (A [m][k], B [k][n], C [m][n], row-major, n a multiple of 8 and
 * m of 4), for `backprop bench` to measure this core's float32 SIMD peak on the spot: a 4 × 8
 * register block (eight f32x4 accumulators, two loads of B and four broadcasts of A per step of
 * k), the usual shape of a GEMM micro-kernel. It is the yardstick the dense workload's GFLOP/s
 * are set against, not part of training.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32): void {
  const rowA = (<usize>k) << 2;
  const rowB = (<usize>n) << 2;
  for (let i = 0; i < m; i += 4) {
    const a0 = a + <usize>i * rowA;
    for (let j = 0; j < n; j += 8) {
      let c00 = f32x4.splat(0);
      let c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0);
      let c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0);
      let c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0);
      let c31 = f32x4.splat(0);
      let bp = b + ((<usize>j) << 2);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const ap = a0 + ((<usize>p) << 2);
        const x0 = f32x4.splat(load<f32>(ap));
        const x1 = f32x4.splat(load<f32>(ap + rowA));
        const x2 = f32x4.splat(load<f32>(ap + 2 * rowA));
        const x3 = f32x4.splat(load<f32>(ap + 3 * rowA));
        c00 = f32x4.add(c00, f32x4.mul(x0, b0));
        c01 = f32x4.add(c01, f32x4.mul(x0, b1));
        c10 = f32x4.add(c10, f32x4.mul(x1, b0));
        c11 = f32x4.add(c11, f32x4.mul(x1, b1));
        c20 = f32x4.add(c20, f32x4.mul(x2, b0));
        c21 = f32x4.add(c21, f32x4.mul(x2, b1));
        c30 = f32x4.add(c30, f32x4.mul(x3, b0));
        c31 = f32x4.add(c31, f32x4.mul(x3, b1));
        bp += rowB;
      }
      const cp = c + <usize>i * rowB + ((<usize>j) << 2);
      v128.store(cp, c00);
      v128.store(cp, c01, 16);
      v128.store(cp + rowB, c10);
      v128.store(cp + rowB, c11, 16);
      v128.store(cp + 2 * rowB, c20);
      v128.store(cp + 2 * rowB, c21, 16);
      v128.store(cp + 3 * rowB, c30);
      v128.store(cp + 3 * rowB, c31, 16);
    }
  }
}
