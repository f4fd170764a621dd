/** chart.js options for the workbench's line charts: axes, ticks, tooltip, in the page's theme. */
import type { ChartOptions } from 'chart.js';
import { linearTick, logTick, percentTick } from './ticks';

export interface LineChartLook {
  xLabel: string;
  yLabel: string;
  logY: boolean;
  percent: boolean;
  xMin?: number;
  xMax?: number;
  dark: boolean;
}

const value = (v: number, percent: boolean) =>
  percent ? `${(v * 100).toFixed(2)}%` : v.toPrecision(4);

export function lineChartOptions(look: LineChartLook): ChartOptions<'line'> {
  const text = look.dark ? '#9aa4b0' : '#5a6574';
  const grid = look.dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)';
  const title = (label: string) => ({ display: !!label, text: label, color: text });
  return {
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      x: {
        type: 'linear',
        title: title(look.xLabel),
        ticks: { color: text, precision: 0 },
        grid: { color: grid },
        min: look.xMin,
        suggestedMax: look.xMax,
      },
      y: {
        type: look.logY ? 'logarithmic' : 'linear',
        title: title(look.yLabel),
        ticks: {
          color: text,
          callback: (v, _i, all) =>
            look.percent
              ? percentTick(Number(v), all)
              : look.logY
                ? logTick(Number(v), all)
                : linearTick(Number(v)),
        },
        grid: { color: grid },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        filter: (item) => !!item.dataset.label,
        callbacks: {
          label: (item) => `${item.dataset.label}: ${value(Number(item.parsed.y), look.percent)}`,
        },
      },
    },
  };
}
