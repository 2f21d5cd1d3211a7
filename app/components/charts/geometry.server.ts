import { scaleBand, scaleLinear } from "d3-scale";
import { area, curveMonotoneX, line } from "d3-shape";

// Chart geometry is computed on the server with d3-scale/d3-shape and sent to the page as plain
// numbers and path strings: the SVG components that draw it carry no d3, so none of it reaches
// the phone's JavaScript bundle, and the charts need no JavaScript at all.

export const CHART_WIDTH = 340;
export const CHART_HEIGHT = 150;
const MARGIN = { top: 10, right: 6, bottom: 22, left: 44 };

export type Tick = { pos: number; value: number };
export type BarGeometry = {
  width: number;
  height: number;
  plotLeft: number;
  plotBottom: number;
  bars: { x: number; y: number; w: number; h: number; value: number; cx: number }[];
  yTicks: Tick[];
};
export type LineGeometry = {
  width: number;
  height: number;
  plotLeft: number;
  plotBottom: number;
  line: string;
  area: string;
  points: { x: number; y: number; value: number }[];
  yTicks: Tick[];
};

function yScale(values: number[], height: number) {
  const max = Math.max(0, ...values);
  return scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice(3)
    .range([height - MARGIN.bottom, MARGIN.top]);
}

/** Vertical bars, one per value, on a zero-based scale with three or four round ticks. */
export function barGeometry(values: number[], { width = CHART_WIDTH, height = CHART_HEIGHT } = {}): BarGeometry {
  const x = scaleBand<number>()
    .domain(values.map((_, i) => i))
    .range([MARGIN.left, width - MARGIN.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const y = yScale(values, height);
  const bottom = y(0);
  return {
    width,
    height,
    plotLeft: MARGIN.left,
    plotBottom: bottom,
    bars: values.map((value, i) => {
      const top = y(Math.max(value, 0));
      const x0 = x(i) ?? 0;
      return {
        x: round(x0),
        y: round(top),
        w: round(x.bandwidth()),
        h: round(bottom - top),
        value,
        cx: round(x0 + x.bandwidth() / 2),
      };
    }),
    yTicks: y.ticks(3).map((value) => ({ pos: round(y(value)), value })),
  };
}

/** A line with the area under it, one point per value (e.g. per day). */
export function lineGeometry(values: number[], { width = CHART_WIDTH, height = CHART_HEIGHT } = {}): LineGeometry {
  const x = scaleLinear()
    .domain([0, Math.max(values.length - 1, 1)])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = yScale(values, height);
  const points = values.map((value, i) => ({ x: round(x(i)), y: round(y(Math.max(value, 0))), value }));
  const lineGen = line<{ x: number; y: number }>()
    .x((p) => p.x)
    .y((p) => p.y)
    .curve(curveMonotoneX);
  const areaGen = area<{ x: number; y: number }>()
    .x((p) => p.x)
    .y0(y(0))
    .y1((p) => p.y)
    .curve(curveMonotoneX);
  return {
    width,
    height,
    plotLeft: MARGIN.left,
    plotBottom: round(y(0)),
    line: lineGen(points) ?? "",
    area: areaGen(points) ?? "",
    points,
    yTicks: y.ticks(3).map((value) => ({ pos: round(y(value)), value })),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
