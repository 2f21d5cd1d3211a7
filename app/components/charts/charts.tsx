import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";
import type { BarGeometry, LineGeometry } from "./geometry.server";

// Drawing only: the geometry comes from the loader (geometry.server.ts). Each chart is an image
// with a title for screen readers, followed by the same figures as a visually hidden table.

type Common = {
  title: string;
  /** One sentence that says what the chart shows (its accessible description). */
  summary: string;
  /** Axis label of each value (x axis), e.g. "8时", "周一", "11-29". */
  labels: string[];
  /** Show every n-th x label so they do not collide on a 360 px phone. */
  labelEvery?: number;
  format: (value: number) => string;
  /** Short tick labels for the y axis ("¥1.2k" is too clever; integers or yuan). */
  tickFormat?: (value: number) => string;
  headers: [string, string];
  testId?: string;
};

function HiddenTable({
  title,
  labels,
  values,
  format,
  headers,
}: {
  title: string;
  labels: string[];
  values: number[];
  format: (v: number) => string;
  headers: [string, string];
}) {
  return (
    <table className="sr-only">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{headers[0]}</th>
          <th scope="col">{headers[1]}</th>
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{format(values[i] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function YAxis({
  ticks,
  left,
  width,
  format,
}: {
  ticks: { pos: number; value: number }[];
  left: number;
  width: number;
  format: (v: number) => string;
}) {
  return (
    <g aria-hidden="true">
      {ticks.map((t) => (
        <g key={t.value}>
          <line x1={left} x2={width} y1={t.pos} y2={t.pos} stroke="#e7e5e4" strokeWidth={1} />
          <text x={left - 4} y={t.pos + 3.5} textAnchor="end" fontSize={10} fill="#78716c">
            {format(t.value)}
          </text>
        </g>
      ))}
    </g>
  );
}

export function BarChart({
  geometry: g,
  title,
  summary,
  labels,
  labelEvery = 1,
  format,
  tickFormat = format,
  headers,
  testId,
  highlight,
}: Common & { geometry: BarGeometry; highlight?: number }) {
  const label = useT().t("analysis.chart.label", { title, summary });
  return (
    <ChartFrame
      g={g}
      label={label}
      summary={summary}
      testId={testId}
      tickFormat={tickFormat}
      table={
        <HiddenTable
          title={title}
          labels={labels}
          values={g.bars.map((b) => b.value)}
          format={format}
          headers={headers}
        />
      }
    >
      {g.bars.map((b, i) => (
        <rect
          key={i}
          x={b.x}
          y={b.y}
          width={b.w}
          height={Math.max(b.h, b.value > 0 ? 1 : 0)}
          rx={1.5}
          fill={i === highlight ? "#b45309" : "#15803d"}
        />
      ))}
      <g aria-hidden="true">
        {g.bars.map((b, i) =>
          i % labelEvery === 0 ? (
            <text key={i} x={b.cx} y={g.plotBottom + 14} textAnchor="middle" fontSize={10} fill="#57534e">
              {labels[i]}
            </text>
          ) : null,
        )}
      </g>
    </ChartFrame>
  );
}

export function LineChart({
  geometry: g,
  title,
  summary,
  labels,
  labelEvery = 7,
  format,
  tickFormat = format,
  headers,
  testId,
}: Common & { geometry: LineGeometry }) {
  const last = g.points.length - 1;
  const label = useT().t("analysis.chart.label", { title, summary });
  return (
    <ChartFrame
      g={g}
      label={label}
      summary={summary}
      testId={testId}
      tickFormat={tickFormat}
      table={
        <HiddenTable
          title={title}
          labels={labels}
          values={g.points.map((p) => p.value)}
          format={format}
          headers={headers}
        />
      }
    >
      <path d={g.area} fill="#bbf7d0" />
      <path d={g.line} fill="none" stroke="#15803d" strokeWidth={1.5} />
      <g aria-hidden="true">
        {g.points.map((p, i) =>
          (last - i) % labelEvery === 0 ? (
            <text
              key={i}
              x={p.x}
              y={g.plotBottom + 14}
              textAnchor={i === last ? "end" : "middle"}
              fontSize={10}
              fill="#57534e"
            >
              {labels[i]}
            </text>
          ) : null,
        )}
      </g>
    </ChartFrame>
  );
}

/** What every chart shares: the labelled SVG with its y axis, the caption, the table for screen readers. */
function ChartFrame({
  g,
  label,
  summary,
  testId,
  tickFormat,
  table,
  children,
}: {
  g: { width: number; height: number; yTicks: { pos: number; value: number }[]; plotLeft: number };
  label: string;
  summary: string;
  testId?: string;
  tickFormat: (n: number) => string;
  table: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="m-0" data-testid={testId}>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} className="block h-auto w-full" role="img" aria-label={label}>
        <title>{label}</title>
        <YAxis ticks={g.yTicks} left={g.plotLeft} width={g.width} format={tickFormat} />
        {children}
      </svg>
      <figcaption className="mt-1 text-xs text-stone-500">{summary}</figcaption>
      {table}
    </figure>
  );
}
