// The grid and tick labels of the SVG line charts: horizontal lines at the y ticks with their labels on the
// left, vertical lines at the x ticks with their labels below the plot.
import type { ReactNode } from 'react';

export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function SvgAxes(props: {
  plot: Plot;
  yTicks: readonly number[];
  y(value: number): number;
  yLabel(value: number): ReactNode;
  xTicks: readonly number[];
  x(value: number): number;
  xLabel(value: number): ReactNode;
  /** Baseline of the x labels. */
  labelY: number;
}) {
  const { plot, yTicks, y, yLabel, xTicks, x, xLabel, labelY } = props;
  return (
    <>
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line x1={plot.left} x2={plot.left + plot.width} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
          <text x={plot.left - 6} y={y(v) + 4} className="svg-tick svg-tick--y">
            {yLabel(v)}
          </text>
        </g>
      ))}
      {xTicks.map((v) => (
        <g key={`x${v}`}>
          <line x1={x(v)} x2={x(v)} y1={plot.top} y2={plot.top + plot.height} stroke="#e2e8f0" />
          <text x={x(v)} y={labelY} className="svg-tick svg-tick--x">
            {xLabel(v)}
          </text>
        </g>
      ))}
    </>
  );
}
