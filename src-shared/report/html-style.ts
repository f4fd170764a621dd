/** The report's stylesheet: readable on screen, and laid out for A4 paper when printed (or saved as PDF). */
export const reportCss = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 Helvetica, Arial, sans-serif; color: #1d1d1f; margin: 0 auto; max-width: 186mm; padding: 10mm 0; background: #fff; }
header { border-bottom: 2px solid #4e79a7; margin-bottom: 6mm; padding-bottom: 3mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; letter-spacing: -0.01em; }
h2 { font-size: 13.5pt; margin: 8mm 0 3mm; color: #24476b; border-bottom: 1px solid #d8dee6; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
.meta { color: #555; margin: 0; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #e1e4e8; padding: 1.4mm 2mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f5f8; font-weight: 600; }
td.nowrap, th.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .path { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure svg { width: 100%; max-width: 640px; height: auto; display: block; }
figcaption { color: #555; font-size: 9pt; margin-top: 1mm; }
.pair { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(80mm, 100%), 1fr)); column-gap: 4mm; }
.note { background: #f7f7f9; border-left: 3px solid #bab0ac; padding: 2mm 3mm; margin: 2mm 0; white-space: pre-wrap; font-size: 9.5pt; }
.error { border-left-color: #e15759; }
.shared { color: #444; font-size: 9pt; columns: 2; column-gap: 8mm; padding-left: 4mm; }
.finding { border: 1px solid #e1e4e8; border-left-width: 4px; border-radius: 2px; padding: 2mm 3mm; margin: 2mm 0; break-inside: avoid; }
.finding.error { border-left-color: #e15759; } .finding.warning { border-left-color: #f28e2b; } .finding.info { border-left-color: #4e79a7; }
.finding p { margin: 1mm 0; }
.badge { display: inline-block; font-size: 8pt; font-weight: 700; text-transform: uppercase; padding: 0.3mm 1.6mm; border-radius: 2px; color: #fff; margin-right: 2mm; }
.badge.error { background: #c8353e; } .badge.warning { background: #d9730d; } .badge.info { background: #4e79a7; }
.evidence { color: #555; font-size: 8.5pt; }
.units img { image-rendering: pixelated; width: 100%; max-width: 150mm; border: 1px solid #e1e4e8; }
.confusion table { width: auto; font-size: 8.5pt; }
.confusion th, .confusion td { text-align: center; padding: 1mm 1.6mm; min-width: 9mm; border: 1px solid #fff; font-variant-numeric: tabular-nums; }
.confusion th.corner { font-weight: 400; color: #555; font-size: 7.5pt; text-align: left; }
.swatch { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 4px; }
footer { margin-top: 8mm; color: #666; font-size: 8.5pt; border-top: 1px solid #e1e4e8; padding-top: 2mm; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;
