/** Reading back the CSV the exports write, for their tests: RFC 4180 rows by header name. */

/** The cells of a CSV without quoted line breaks, as text, by header name. */
export function csvTable(csv: string): Record<string, string>[] {
  const [head, ...rows] = csv.trimEnd().split('\r\n').map(splitRow);
  return rows.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i]])));
}

/** RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  const field = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = field.exec(line); m && m.index < line.length; m = field.exec(line)) {
    cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === '') break;
  }
  return cells;
}
