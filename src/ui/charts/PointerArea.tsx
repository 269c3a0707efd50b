// The invisible rectangle over an SVG chart's plot that turns the pointer's x into the nearest data point.
import type { PointerEvent } from 'react';

/** Index of the value in `xs` nearest to `x` (xs in any order); -1 when empty. */
export function nearestIndex(xs: readonly number[], x: number): number {
  let best = -1;
  for (let i = 0; i < xs.length; i++) if (best < 0 || Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}

export function PointerArea(props: {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The data's x range the rectangle spans, left to right. */
  domain: [number, number];
  xs: readonly number[];
  onHover(index: number | null): void;
}) {
  const { x, y, width, height, domain, xs, onHover } = props;
  const onMove = (event: PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = domain[0] + ((event.clientX - box.left) / box.width) * (domain[1] - domain[0]);
    const i = nearestIndex(xs, at);
    onHover(i < 0 ? null : i);
  };
  return (
    <rect
      x={x}
      y={y}
      width={width}
      height={height}
      fill="transparent"
      onPointerMove={onMove}
      onPointerLeave={() => onHover(null)}
    />
  );
}
