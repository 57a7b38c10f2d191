/**
 * The scoreboard's charts, drawn as inline SVG (no chart library). This module is imported on
 * demand by the progress pages, so its code arrives only when a chart is shown. Every chart has a
 * text alternative; the pages also show the same figures as tables.
 */
import { formatDate, formatNumber, t } from '../../i18n';

const colours = {
  implemented: '#2e8540',
  inProgress: '#f2a900',
  notImplemented: '#c62828',
  notApplicable: '#9aa5b1',
  acknowledged: '#0a66c2',
  open: '#d6dde5',
  line: '#0b3a66',
};

const pct = (share: number) => formatNumber(share, { style: 'percent' });

/** Horizontal bars of `part` out of `whole`, one per row. */
export function ShareBars(props: {
  title: string;
  rows: { label: string; part: number; whole: number }[];
  partLabel: string;
}) {
  const rowHeight = 26;
  // Wide enough for a checklist title or a country name in any of the six languages.
  const labelWidth = 230;
  const width = 640;
  // Room on the right for "12/34 acknowledged".
  const barWidth = width - labelWidth - 150;
  const height = props.rows.length * rowHeight + 10;
  const summary = props.rows
    .map((r) => t('charts.partOf', { label: r.label, part: r.part, whole: r.whole }))
    .join('; ');
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`${props.title}. ${summary}`}
    >
      <title>{props.title}</title>
      {props.rows.map((r, i) => {
        const y = i * rowHeight + 5;
        const share = r.whole > 0 ? r.part / r.whole : 0;
        return (
          <g key={r.label}>
            <text x={labelWidth - 8} y={y + 15} text-anchor="end">
              {r.label}
            </text>
            <rect x={labelWidth} y={y} width={barWidth} height={18} fill={colours.open} />
            <rect x={labelWidth} y={y} width={barWidth * share} height={18} fill={colours.acknowledged} />
            <text x={labelWidth + barWidth + 6} y={y + 15}>
              {r.part}/{r.whole} {props.partLabel}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface ItemCounts {
  itemId: string;
  implemented: number;
  inProgress: number;
  notImplemented: number;
  notApplicable: number;
}

/** One stacked bar per item: implemented, in progress, not implemented, not applicable. */
export function ItemStatusBars({ items, applicable }: { items: ItemCounts[]; applicable: number }) {
  const rowHeight = 24;
  const labelWidth = 90;
  const width = 640;
  const barWidth = width - labelWidth - 20;
  const height = items.length * rowHeight + 40;
  const scale = Math.max(applicable, 1);
  const parts = [
    ['implemented', t('itemStatus.implemented')],
    ['inProgress', t('itemStatus.in_progress')],
    ['notImplemented', t('itemStatus.not_implemented')],
    ['notApplicable', t('itemStatus.not_applicable')],
  ] as const;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`${t('charts.perItemSummary', { applicable })} ${items
        .map((i) =>
          t('charts.perItem', { id: i.itemId, implemented: i.implemented, inProgress: i.inProgress }),
        )
        .join('; ')}`}
    >
      <title>{t('charts.perItemTitle')}</title>
      {items.map((item, row) => {
        const y = row * rowHeight + 4;
        let x = labelWidth;
        return (
          <g key={item.itemId}>
            <text x={labelWidth - 6} y={y + 14} text-anchor="end">
              {item.itemId}
            </text>
            <rect x={labelWidth} y={y} width={barWidth} height={16} fill={colours.open} />
            {parts.map(([key]) => {
              const w = (item[key] / scale) * barWidth;
              const rect = <rect key={key} x={x} y={y} width={w} height={16} fill={colours[key]} />;
              x += w;
              return rect;
            })}
          </g>
        );
      })}
      {parts.map(([key, label], i) => (
        <g key={key} transform={`translate(${labelWidth + i * 135}, ${items.length * rowHeight + 14})`}>
          <rect width={12} height={12} fill={colours[key]} />
          <text x={16} y={11}>
            {label}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Cumulative acknowledgements over time, against the number of applicable organisations. */
export function TrendChart(props: {
  points: { date: string; acknowledged: number }[];
  applicable: number;
  dueAt: string;
}) {
  const width = 640;
  const height = 220;
  const pad = { left: 40, right: 16, top: 12, bottom: 36 };
  if (props.points.length === 0) return null;
  const first = Date.parse(props.points[0]!.date);
  const last = Math.max(Date.parse(props.points.at(-1)!.date), first + 86_400_000);
  const maxY = Math.max(props.applicable, ...props.points.map((p) => p.acknowledged), 1);
  const x = (date: string) =>
    pad.left + ((Date.parse(date) - first) / (last - first)) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / maxY) * (height - pad.top - pad.bottom);
  // A step line: the count holds until the next day with submissions.
  let path = '';
  props.points.forEach((p, i) => {
    path += i === 0 ? `M${x(p.date)},${y(p.acknowledged)}` : `H${x(p.date)}V${y(p.acknowledged)}`;
  });
  const latest = props.points.at(-1)!;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={t('charts.trendSummary', {
        first: props.points[0]!.acknowledged,
        firstDate: formatDate(props.points[0]!.date),
        latest: latest.acknowledged,
        latestDate: formatDate(latest.date),
        applicable: props.applicable,
      })}
    >
      <title>{t('charts.trendTitle')}</title>
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={y(props.applicable)}
        y2={y(props.applicable)}
        stroke={colours.notApplicable}
        stroke-dasharray="4 3"
      />
      <text x={pad.left + 4} y={y(props.applicable) - 4}>
        {t('charts.applicable', { count: props.applicable })}
      </text>
      <line x1={pad.left} x2={pad.left} y1={pad.top} y2={height - pad.bottom} stroke="#5a6878" />
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={height - pad.bottom}
        y2={height - pad.bottom}
        stroke="#5a6878"
      />
      <text x={pad.left - 6} y={y(0) + 4} text-anchor="end">
        0
      </text>
      <text x={pad.left - 6} y={y(maxY) + 4} text-anchor="end">
        {maxY}
      </text>
      <path d={path} fill="none" stroke={colours.line} stroke-width={2.5} />
      {props.points.map((p) => (
        <circle key={p.date} cx={x(p.date)} cy={y(p.acknowledged)} r={3} fill={colours.line} />
      ))}
      <text x={pad.left} y={height - 12}>
        {formatDate(props.points[0]!.date)}
      </text>
      <text x={width - pad.right} y={height - 12} text-anchor="end">
        {formatDate(latest.date)}
      </text>
    </svg>
  );
}

/** The harmonization deficit as a half-ring: the red share is what is still missing. */
export function DeficitGauge({ value }: { value: number }) {
  const r = 70;
  const cx = 90;
  const cy = 85;
  const angle = Math.PI * Math.min(Math.max(value, 0), 1);
  const end = { x: cx - r * Math.cos(angle), y: cy - r * Math.sin(angle) };
  return (
    <svg
      class="chart"
      viewBox="0 0 180 110"
      width={180}
      height={110}
      role="img"
      aria-label={t('charts.deficitOf', { value: pct(value) })}
    >
      <title>{t('charts.deficit')}</title>
      <path
        d={`M${cx - r},${cy} A${r},${r} 0 0 1 ${cx + r},${cy}`}
        fill="none"
        stroke={colours.implemented}
        stroke-width={18}
      />
      {value > 0 && (
        <path
          d={`M${cx - r},${cy} A${r},${r} 0 0 1 ${end.x},${end.y}`}
          fill="none"
          stroke={colours.notImplemented}
          stroke-width={18}
        />
      )}
      <text x={cx} y={cy - 8} text-anchor="middle" font-size="20" font-weight="700">
        {pct(value)}
      </text>
    </svg>
  );
}
