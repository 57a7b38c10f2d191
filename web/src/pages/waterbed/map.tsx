/**
 * The map of Europe, drawn as SVG from Natural Earth boundaries (world-atlas, 1:110m, public
 * domain) with d3-geo. Imported on demand by the waterbed page only: the boundaries and the
 * projection code never reach the first load, and nothing is fetched from outside the portal.
 * A mark's area follows the indicator, its colour the port's harmonization deficit (sections.tsx
 * holds the legend in words).
 */
import { geoConicConformal, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json';
import { deficitBand } from '../../../../shared/port-deficit';
import type { WaterbedPort } from '../../../../shared/waterbed';

const width = 640;
const height = 560;
const topology = atlas as unknown as Topology<{ countries: GeometryCollection }>;
const countries = feature(topology, topology.objects.countries);
// Lambert conformal conic centred on Europe, as European maps (EPSG:3034) are drawn.
const projection = geoConicConformal()
  .rotate([-10, 0])
  .center([0, 50])
  .parallels([35, 65])
  .scale(820)
  .translate([width / 2, height / 2]);
const path = geoPath(projection);
const outlines = countries.features.map((f) => path(f) ?? '').filter((d) => d !== '');

/** Radius of a mark: its area proportional to the value, the largest value of the run 18 px. */
const radius = (value: number | null, max: number) =>
  value === null || max <= 0 ? 3 : 3 + 15 * Math.sqrt(Math.max(0, value) / max);

export function EuropeMap(props: {
  ports: readonly WaterbedPort[];
  quarter: string;
  max: number;
  label: string;
  markTitle: (port: WaterbedPort, value: number | null) => string;
}) {
  return (
    <svg
      class="waterbed-map"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
      data-quarter={props.quarter}
    >
      <g class="countries">
        {outlines.map((d, i) => (
          <path key={i} d={d} />
        ))}
      </g>
      <g class="ports">
        {props.ports.map((p) => {
          if (p.lat === null || p.lon === null) return null;
          const xy = projection([p.lon, p.lat]);
          if (!xy) return null;
          const value = p.quarters[props.quarter] ?? null;
          return (
            <circle
              key={p.locode}
              class={`port-mark deficit-${deficitBand(p.deficit)}${value === null ? ' port-mark-missing' : ''}`}
              data-locode={p.locode}
              data-deficit={deficitBand(p.deficit)}
              cx={xy[0].toFixed(1)}
              cy={xy[1].toFixed(1)}
              r={radius(value, props.max).toFixed(1)}
            >
              <title>{props.markTitle(p, value)}</title>
            </circle>
          );
        })}
      </g>
    </svg>
  );
}

/** One port's series as a small line chart (the table beside it holds the same numbers). */
export function Sparkline({ values, max }: { values: (number | null)[]; max: number }) {
  const w = 120;
  const h = 36;
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const y = (v: number) => (max > 0 ? h - 2 - ((h - 4) * v) / max : h - 2);
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${(i * step).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg class="sparkline" viewBox={`0 0 ${w} ${h}`} width={w} height={h} aria-hidden="true">
      {segments.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
