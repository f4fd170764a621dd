/**
 * The report as one self-contained HTML file: no scripts at all, a Content-Security-Policy that
 * allows only inline styles and data: images, charts as inline SVG, hidden units as PNG data URIs,
 * and every piece of user text escaped. It opens offline and prints on A4.
 */
import { escapeXml as esc } from './escape';
import { reportCss } from './html-style';
import type { ReportFinding, ReportModel, ReportRun } from './model';
import { encodeGrayPng, toBase64 } from './png';
import { renderLineChart } from './svg-chart';
import {
  configTable,
  metricsTable,
  runsTable,
  seedGroupsTable,
  sharedSettings,
  type TextTable,
} from './tables';
import { formatDate, formatNumber, formatPercent } from './format';

export const reportCsp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export function renderHtml(model: ReportModel): string {
  const body = [
    header(model),
    section('Runs', [table(runsTable(model)), runNotes(model.runs)]),
    section('Results', [table(metricsTable(model)), seedGroups(model)]),
    section('Curves', [`<div class="charts">${model.curves.map(figure).join('')}</div>`]),
    section('Configuration', configSection(model)),
    section("Doctor's findings", findingsSection(model)),
    section('Diagnostics', diagnosticsSection(model)),
    model.hiddenUnits.length ? section('Hidden units', hiddenUnitsSection(model)) : '',
    model.confusion.length ? section('Confusion matrices', confusionSection(model)) : '',
    footer(model),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${reportCsp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(model.title)}</title>`,
    `<style>${reportCss}</style>`,
    '</head>',
    '<body>',
    ...body.filter(Boolean),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(model: ReportModel): string {
  const a = model.app;
  const meta = [
    `Generated ${formatDate(model.generatedAt)}`,
    `Backprop Workbench ${a.version}`,
    `engine ${a.engineVersion}`,
    a.machine,
  ];
  return `<header><h1>${esc(model.title)}</h1><p class="meta">${meta.map(esc).join(' · ')}</p></header>`;
}

function section(title: string, content: string[]): string {
  return `<section><h2>${esc(title)}</h2>\n${content.filter(Boolean).join('\n')}\n</section>`;
}

export function table(t: TextTable): string {
  const numeric = new Set(t.numeric ?? []);
  const nowrap = new Set(t.nowrap ?? []);
  const cls = (i: number): string =>
    numeric.has(i) ? ' class="num"' : nowrap.has(i) ? ' class="nowrap"' : '';
  const head = t.head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const rows = t.rows.map(
    (r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join('')}</tr>`,
  );
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function runNotes(runs: ReportRun[]): string {
  const out: string[] = [];
  for (const r of runs) {
    if (r.notes.trim())
      out.push(`<div class="note"><strong>#${r.id} notes:</strong> ${esc(r.notes)}</div>`);
    if (r.error)
      out.push(`<div class="note error"><strong>#${r.id} error:</strong> ${esc(r.error)}</div>`);
  }
  return out.join('\n');
}

function seedGroups(model: ReportModel): string {
  if (model.seedGroups.length === 0) return '';
  return `<h3>Across seeds (mean ± standard deviation)</h3>\n${table(seedGroupsTable(model))}`;
}

function figure(chartSpec: ReportModel['curves'][number]): string {
  return `<figure>${renderLineChart(chartSpec)}</figure>`;
}

function configSection(model: ReportModel): string[] {
  if (model.runs.length === 1) return [table(configTable(model))];
  const shared = sharedSettings(model);
  const diff = model.config.differing.length
    ? table(configTable(model))
    : '<p>The runs have identical configurations (apart from their names).</p>';
  const sharedText = shared.length
    ? `<p>Only what differs is listed. Shared by all ${model.runs.length} runs:</p><ul class="shared">${shared.map((s) => `<li class="path">${esc(s)}</li>`).join('')}</ul>`
    : '';
  return [diff, sharedText];
}

function findingsSection(model: ReportModel): string[] {
  return model.findings.map(({ runId, findings }) => {
    const title = model.runs.length > 1 ? `<h3>${esc(labelOf(model, runId))}</h3>` : '';
    if (findings.length === 0) return `${title}<p>No findings: the doctor saw nothing unusual.</p>`;
    return title + findings.map(findingHtml).join('\n');
  });
}

function findingHtml(f: ReportFinding): string {
  const evidence = Object.entries(f.evidence)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : v}`)
    .join('; ');
  return [
    `<div class="finding ${esc(f.severity)}">`,
    `<p><span class="badge ${esc(f.severity)}">${esc(f.severity)}</span><strong>${esc(f.title)}</strong> <span class="evidence">(${esc(f.where)})</span></p>`,
    `<p>${esc(f.message)}</p>`,
    f.suggestion ? `<p><strong>Try:</strong> ${esc(f.suggestion)}</p>` : '',
    evidence ? `<p class="evidence">${esc(evidence)}</p>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function diagnosticsSection(model: ReportModel): string[] {
  return model.diagnostics.map(({ runId, charts }) => {
    const title = model.runs.length > 1 ? `<h3>${esc(labelOf(model, runId))}</h3>` : '';
    return `${title}<div class="pair">${charts.map(figure).join('')}</div>`;
  });
}

function hiddenUnitsSection(model: ReportModel): string[] {
  return model.hiddenUnits.map(({ runId, montage }) => {
    const src = `data:image/png;base64,${toBase64(encodeGrayPng(montage.image))}`;
    const caption = `${esc(labelOf(model, runId))}: first-layer weights of ${montage.shown} of ${montage.total} hidden units as ${montage.side}×${montage.side} images (white = positive, black = negative, gray = 0; each unit scaled to its own largest weight).`;
    return `<figure class="units"><img src="${src}" alt="Hidden-unit weights of run ${runId}" width="${montage.image.width * 3}"><figcaption>${caption}</figcaption></figure>`;
  });
}

/** One table per run: rows are the actual class, columns the predicted one; each cell is shaded
 * by its share of the row (blue on the diagonal, red off it). */
function confusionSection(model: ReportModel): string[] {
  return model.confusion.map(({ runId, matrix }) => {
    const names = matrix.classNames.map(esc);
    const head = `<tr><th class="corner">actual ↓ predicted →</th>${names.map((n) => `<th>${n}</th>`).join('')}</tr>`;
    const rows = matrix.counts.map((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      const cells = row.map((count, j) => {
        const share = total > 0 ? count / total : 0;
        const rgb = i === j ? '9, 105, 218' : '207, 34, 46';
        const alpha = count === 0 ? 0 : Math.max(0.06, share * (i === j ? 0.85 : 1.6));
        const ink = alpha > 0.5 ? '#fff' : '#1d1d1f';
        const style = `background: rgba(${rgb}, ${Math.min(0.9, alpha).toFixed(2)}); color: ${ink}`;
        return `<td style="${style}">${count}</td>`;
      });
      return `<tr><th>${names[i]}</th>${cells.join('')}</tr>`;
    });
    const accuracy = formatPercent(matrix.correct / matrix.examples);
    const caption = `${esc(labelOf(model, runId))}: the final weights on all ${matrix.examples.toLocaleString('en-US')} labelled test examples, ${accuracy} right (the diagonal). Rows: the actual class; columns: the predicted one; shade: the cell's share of its row.`;
    return `<figure class="confusion"><table>${head}${rows.join('')}</table><figcaption>${caption}</figcaption></figure>`;
  });
}

function footer(model: ReportModel): string {
  const notes = model.notes.map((n) => `<p>${esc(n)}</p>`).join('');
  return `<footer>${notes}<p>Made by Backprop Workbench ${esc(model.app.version)} (${esc(model.app.host)}).</p></footer>`;
}

export function labelOf(model: ReportModel, runId: number): string {
  return model.runs.find((r) => r.id === runId)?.label ?? `#${runId}`;
}
