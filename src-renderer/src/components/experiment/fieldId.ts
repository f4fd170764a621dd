/** The DOM id of the form control for a dotted config path: "init.weights.low" → "field-init-weights-low". */
export function fieldId(path: string): string {
  return `field-${path.replace(/[.[\]]+/g, '-').replace(/-$/, '')}`;
}

/** Controls whose first input edits a sub-path: an init row starts with its scheme, the η
 * schedule with its kind. */
const firstInputOf: Record<string, string> = {
  'init.weights': 'init.weights.kind',
  'init.biases': 'init.biases.kind',
  schedule: 'schedule.kind',
};

/** The DOM id of the first input of the control that edits `field` (a formFields key). */
export function controlId(field: string): string {
  return fieldId(firstInputOf[field] ?? field);
}
