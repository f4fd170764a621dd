// Types of what eslint.config.js exports, for src-main/layers/lint-layers.test.ts.
import type { Linter } from 'eslint';

/** A folder, the sibling folders it must not import, and the reason shown in the lint error. */
export interface LayerRule {
  folder: string;
  forbidden: string[];
  message: string;
}

export declare const layerRules: LayerRule[];

declare const config: Linter.Config[];
export default config;
