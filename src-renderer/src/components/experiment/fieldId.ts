/** The DOM id of the form control for a dotted config path: "init.weights.low" → "field-init-weights-low". */
export function fieldId(path: string): string {
  return `field-${path.replace(/[.[\]]+/g, '-').replace(/-$/, '')}`;
}
