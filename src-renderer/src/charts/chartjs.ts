/**
 * chart.js with only what the workbench draws: lines on linear or log axes, filled bands,
 * scatter plots (parameter vs metric), legend and tooltip. Animations are off: with 20 runs × thousands of points they only cost.
 */
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type Plugin,
} from 'chart.js';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  LinearScale,
  LogarithmicScale,
  Filler,
  Legend,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily || 'system-ui, sans-serif';
Chart.defaults.font.size = 11;

/** x positions of non-finite values, per dataset index, for the NaN marker plugin. */
export type NanMarks = Map<number, number[]>;

/**
 * Draws a small downward triangle in the series colour at the top of the plot wherever the
 * series had NaN or ±Infinity, so a diverged run is visible even though the line has a gap.
 */
export function nanMarkerPlugin(marks: () => NanMarks): Plugin<'line'> {
  return {
    id: 'nanMarkers',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      for (const [index, xs] of marks()) {
        if (!chart.isDatasetVisible(index)) continue;
        ctx.fillStyle = String(chart.data.datasets[index].borderColor ?? '#c00');
        for (const x of xs) {
          const px = scales.x.getPixelForValue(x);
          if (px < chartArea.left || px > chartArea.right) continue;
          ctx.beginPath();
          ctx.moveTo(px - 4, chartArea.top);
          ctx.lineTo(px + 4, chartArea.top);
          ctx.lineTo(px, chartArea.top + 7);
          ctx.fill();
        }
      }
      ctx.restore();
    },
  };
}

export { Chart };
