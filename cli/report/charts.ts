import * as vega from 'vega';
import * as vl from 'vega-lite';

/**
 * Charts as inline SVG, made at build time with Vega-Lite (no script, no font or image fetched:
 * the report opens offline). Each chart's figures are also in a table next to it, for screen
 * readers and for print.
 */

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const CONFIG: vl.TopLevelSpec['config'] = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e5e7eb', domainColor: '#9ca3af', tickColor: '#9ca3af' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
  // Colour-blind safe (Okabe–Ito), dark enough on white.
  range: { category: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'] },
};

async function render(spec: vl.TopLevelSpec): Promise<string> {
  const compiled = vl.compile({ ...spec, config: CONFIG } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    // The chart is described by its table; screen readers skip the drawing.
    return svg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ');
  } finally {
    view.finalize();
  }
}

export interface SeriesPoint {
  period: string;
  tool: string;
  /** The tool's place, so the small charts follow the table's order. */
  order: number;
  measure: string;
  value: number;
}

/** Shown and opened per tool over time: one small chart per tool, the same scale in each. */
export function toolsOverTime(
  points: SeriesPoint[],
  labels: { period: string; value: string; measure: string },
  columns = 2,
): Promise<string> {
  return render({
    data: { values: points },
    facet: {
      field: 'tool',
      type: 'nominal',
      title: null,
      sort: { field: 'order' },
      header: { labelFontSize: 12, labelFontWeight: 'bold', labelAnchor: 'start' },
    },
    columns,
    spec: {
      width: 300,
      height: 120,
      mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
      encoding: {
        x: { field: 'period', type: 'temporal', title: null, axis: { format: '%d %b', labelAngle: 0, tickCount: 5 } },
        y: { field: 'value', type: 'quantitative', title: labels.value },
        color: { field: 'measure', type: 'nominal', title: labels.measure, scale: { range: ['#0072B2', '#D55E00'] } },
      },
    },
  } as vl.TopLevelSpec);
}

/** A horizontal bar chart, largest first. */
export function bars(rows: { label: string; value: number }[], labels: { value: string }, colour = '#0072B2'): Promise<string> {
  return render({
    width: 520,
    height: Math.max(60, rows.length * 24),
    data: { values: rows },
    mark: { type: 'bar', color: colour },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 260 } },
      x: { field: 'value', type: 'quantitative', title: labels.value },
    },
  });
}

/** Open rate per copy variant with its 95 % interval. */
export function variantRates(
  rows: { variant: string; rate: number; low: number; high: number }[],
  labels: { rate: string },
): Promise<string> {
  return render({
    width: 360,
    height: 120,
    data: { values: rows },
    encoding: { y: { field: 'variant', type: 'nominal', title: null } },
    layer: [
      {
        mark: { type: 'bar', color: '#56B4E9' },
        encoding: { x: { field: 'rate', type: 'quantitative', title: labels.rate, axis: { format: '%' } } },
      },
      {
        mark: { type: 'rule', color: '#000', strokeWidth: 2 },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
    ],
  });
}
