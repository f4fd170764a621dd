/**
 * What a logged metric's key means, for the keys training loops commonly use: Keras (loss, acc,
 * val_loss, val_accuracy), PyTorch scripts (train_loss, test_acc), TensorBoard tags ("val/loss").
 * Compare puts such a key beside the trained runs' curve of the same role, and the doctor judges
 * logged curves by it. A key is normalized first: lower case, "/", "-", "." and spaces as "_".
 * Keys not listed here keep no role: they are shown under their own name only.
 */

/** The curves of a run trained here (EpochRecord fields) a logged key can stand for. */
export type CurveRole =
  | 'trainCost'
  | 'trainAccuracy'
  | 'validationCost'
  | 'validationAccuracy'
  | 'testCost'
  | 'testAccuracy';

export const wellKnownKeys: Readonly<Record<CurveRole, readonly string[]>> = {
  // batch_cost: the mini-batch cost runs trained here sample per step.
  trainCost: ['loss', 'cost', 'train_loss', 'train_cost', 'training_loss', 'batch_cost'],
  trainAccuracy: ['acc', 'accuracy', 'train_acc', 'train_accuracy', 'training_accuracy'],
  validationCost: ['val_loss', 'val_cost', 'valid_loss', 'validation_loss'],
  validationAccuracy: ['val_acc', 'val_accuracy', 'valid_acc', 'validation_accuracy'],
  testCost: ['test_loss', 'test_cost'],
  testAccuracy: ['test_acc', 'test_accuracy'],
};

const roleByKey = new Map(
  Object.entries(wellKnownKeys).flatMap(([role, keys]) => keys.map((k) => [k, role as CurveRole])),
);

export function normalizedKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/[/\-. ]+/g, '_');
}

/** The role of a logged key ("val/loss" → validationCost), or null for a key of its own. */
export function roleOfKey(key: string): CurveRole | null {
  return roleByKey.get(normalizedKey(key)) ?? null;
}

/** Whether a larger value is better for a key of its own: accuracy-like names, else a loss. */
export function higherIsBetterKey(key: string): boolean {
  return /acc|auc|f1|precision|recall|score|reward/.test(normalizedKey(key));
}
