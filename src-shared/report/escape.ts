/**
 * Escaping user text (run names, notes, tags, finding messages) for HTML and SVG. One function
 * serves text nodes and quoted attribute values alike, so `<img src=x onerror=alert(1)>` or
 * `</script>` always ends up as visible text, never as markup.
 */
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]);
}
