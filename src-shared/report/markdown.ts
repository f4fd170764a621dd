/**
 * The report as Markdown: report text plus its images as PNG files in a folder beside it
 * (`charts/`), referenced by relative path — common Markdown renderers (GitHub, VS Code, GitLab)
 * drop `data:` URIs and many show no SVG, so charts are painted to PNG (raster-chart.ts). The CLI
 * writes the folder, the app hands over a .zip of both. User text is escaped so names and notes
 * cannot inject HTML or Markdown structure.
 */
import { formatDate, formatNumber, formatPercent } from './format';
import type { ReportFinding, ReportModel } from './model';
import { encodeGrayPng, utf8, zlibStored, type Zlib } from './png';
import { renderLineChartPng } from './raster-chart';
import type { ChartSpec } from './svg-chart';
import {
  configTable,
  metricsTable,
  runsTable,
  seedGroupsTable,
  sharedSettings,
  type TextTable,
} from './tables';

export interface ReportFile {
  /** Path relative to the report's folder, with forward slashes ("charts/x-cost.png"). */
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface MarkdownOptions {
  /** Base of every file name, already sanitized (see file-name.ts). */
  baseName: string;
  /** Compresses the PNGs' pixel data (node:zlib in the core); stored blocks by default. */
  zlib?: Zlib;
}

/** The folder beside the .md that holds its images. */
export const IMAGE_FOLDER = 'charts';

/** Escapes text inside a line for Markdown: HTML-significant characters become entities and
 * inline syntax (emphasis, code, links, table pipes) gets a backslash. */
export function mdInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** mdInline, plus: a line start that would open a heading, list, quote or rule is neutralized
 * ("# x" → "\# x", "1. x" → "1\. x"). For text that may span lines. */
export function mdText(text: string): string {
  return mdInline(text)
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

function mdTable(t: TextTable): string {
  const cell = (c: string): string => mdInline(c.replace(/\r?\n|\r/g, ' '));
  const numeric = new Set(t.numeric ?? []);
  const rule = t.head.map((_, i) => (numeric.has(i) ? '---:' : '---'));
  return [t.head, rule, ...t.rows]
    .map((r, i) => `| ${(i === 1 ? r : r.map(cell)).join(' | ')} |`)
    .join('\n');
}

interface Images {
  files: ReportFile[];
  /** Stores a PNG under charts/ and returns the Markdown that shows it. */
  add(name: string, bytes: Uint8Array, alt: string): string;
}

function imageSink(options: MarkdownOptions): Images {
  const files: ReportFile[] = [];
  return {
    files,
    add(name, bytes, alt) {
      const path = `${IMAGE_FOLDER}/${options.baseName}-${name}`;
      files.push({ name: path, mimeType: 'image/png', bytes });
      return `![${mdText(alt)}](${encodeURI(path)})`;
    },
  };
}

/** Returns report.md first, then its image files. */
export function renderMarkdown(model: ReportModel, options: MarkdownOptions): ReportFile[] {
  const images = imageSink(options);
  const zlib = options.zlib ?? zlibStored;
  const chart = (spec: ChartSpec, name: string): string =>
    images.add(`${name}.png`, renderLineChartPng(spec, zlib), spec.title);
  const text = [
    `# ${mdInline(model.title)}`,
    mdText(metaLine(model)),
    '## Runs',
    mdTable(runsTable(model)),
    ...runNotes(model),
    '## Results',
    mdTable(metricsTable(model)),
    ...(model.seedGroups.length
      ? ['### Across seeds (mean ± standard deviation)', mdTable(seedGroupsTable(model))]
      : []),
    '## Curves',
    ...model.curves.map((c, i) => chart(c, ['cost', 'accuracy'][i] ?? `curve-${i}`)),
    '## Configuration',
    ...configSection(model),
    "## Doctor's findings",
    ...findingsSection(model),
    '## Diagnostics',
    ...model.diagnostics.flatMap(({ runId, charts }) => [
      ...heading(model, runId),
      charts
        .map((c, i) =>
          chart(c, `run${runId}-${['saturation', 'gradients', 'error-signal'][i] ?? i}`),
        )
        .join('\n'),
    ]),
    ...hiddenUnitsSection(model, images, zlib),
    ...confusionSection(model),
    ...model.notes.map((n) => `_${mdText(n)}_`),
  ];
  const md: ReportFile = {
    name: `${options.baseName}.md`,
    mimeType: 'text/markdown',
    bytes: utf8(`${text.join('\n\n')}\n`),
  };
  return [md, ...images.files];
}

function metaLine(model: ReportModel): string {
  const a = model.app;
  return [
    `Generated ${formatDate(model.generatedAt)}`,
    `Backprop Workbench ${a.version}`,
    `engine ${a.engineVersion}`,
    a.machine,
  ].join(' · ');
}

function heading(model: ReportModel, runId: number): string[] {
  if (model.runs.length === 1) return [];
  const run = model.runs.find((r) => r.id === runId);
  return [`### ${mdInline(run?.label ?? `#${runId}`)}`];
}

function runNotes(model: ReportModel): string[] {
  return model.runs.flatMap((r) => [
    ...(r.notes.trim() ? [`**#${r.id} notes:** ${mdText(r.notes)}`] : []),
    ...(r.error ? [`**#${r.id} error:** ${mdText(r.error)}`] : []),
  ]);
}

function configSection(model: ReportModel): string[] {
  if (model.runs.length === 1) return [mdTable(configTable(model))];
  const diff = model.config.differing.length
    ? mdTable(configTable(model))
    : 'The runs have identical configurations (apart from their names).';
  const shared = sharedSettings(model);
  if (shared.length === 0) return [diff];
  return [
    diff,
    `Only what differs is listed. Shared by all ${model.runs.length} runs:`,
    shared.map((s) => `- \`${s.replace(/`/g, "'")}\``).join('\n'),
  ];
}

function findingsSection(model: ReportModel): string[] {
  return model.findings.flatMap(({ runId, findings }) => [
    ...heading(model, runId),
    findings.length
      ? findings.map(findingMd).join('\n\n')
      : 'No findings: the doctor saw nothing unusual.',
  ]);
}

function findingMd(f: ReportFinding): string {
  const evidence = Object.entries(f.evidence).map(
    ([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : v}`,
  );
  return [
    `- **${mdText(f.severity.toUpperCase())}: ${mdText(f.title)}** (${f.where})  `,
    `  ${mdText(f.message)}  `,
    f.suggestion ? `  _Try:_ ${mdText(f.suggestion)}  ` : '',
    evidence.length ? `  Evidence: ${mdText(evidence.join('; '))}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One table per run, rows the actual class, columns the predicted one, the diagonal in bold. */
function confusionSection(model: ReportModel): string[] {
  if (model.confusion.length === 0) return [];
  return [
    '## Confusion matrices',
    ...model.confusion.flatMap(({ runId, matrix }) => {
      const names = matrix.classNames.map(mdText);
      const rows = matrix.counts.map(
        (row, i) =>
          `| **${names[i]}** | ${row.map((c, j) => (i === j ? `**${c}**` : String(c))).join(' | ')} |`,
      );
      const accuracy = formatPercent(matrix.correct / matrix.examples);
      return [
        ...heading(model, runId),
        [
          `| actual ↓ predicted → | ${names.join(' | ')} |`,
          `|---|${names.map(() => '---:').join('|')}|`,
          ...rows,
        ].join('\n'),
        mdText(
          `All ${matrix.examples.toLocaleString('en-US')} labelled test examples with the final weights: ${accuracy} right (the diagonal).`,
        ),
      ];
    }),
  ];
}

function hiddenUnitsSection(model: ReportModel, images: Images, zlib: Zlib): string[] {
  if (model.hiddenUnits.length === 0) return [];
  return [
    '## Hidden units',
    ...model.hiddenUnits.flatMap(({ runId, montage }) => {
      const alt = `Hidden-unit weights of run ${runId}`;
      const image = images.add(
        `run${runId}-hidden-units.png`,
        encodeGrayPng(montage.image, zlib),
        alt,
      );
      const caption = `First-layer weights of ${montage.shown} of ${montage.total} hidden units as ${montage.side}×${montage.side} images (white = positive, black = negative, gray = 0).`;
      return [...heading(model, runId), image, mdText(caption)];
    }),
  ];
}
