import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatMonth, formatValue } from '../ui/format';
import { HEALTH_HEX } from '../ui/health';
import { buildChart, type TargetPeriod } from './chart-data';
import './kpi-chart.css';

/**
 * A KPI's trend: its values, the target in force (dashed, stepped) and the amber and red zones
 * of each target period behind them, drawn with recharts.
 */
export function KpiTrendChart({
  measurements,
  targets,
  direction,
  unitOfMeasure,
  name,
}: {
  measurements: readonly { at: string; value: number }[];
  targets: readonly TargetPeriod[];
  direction: string;
  unitOfMeasure: string;
  name: string;
}) {
  const { points, bands, domain, span } = buildChart({ measurements, targets, direction });
  const last = points[points.length - 1];
  if (points.length === 0)
    return <p className="empty">No measurements yet. Record the first value to start the trend.</p>;
  return (
    <figure
      className="kpi-chart"
      data-testid="kpi-chart"
      data-points={points.length}
      data-latest={last?.value ?? ''}
      data-bands={bands.length}
      aria-label={`Trend of ${name}: ${points.length} values, latest ${formatValue(last?.value, unitOfMeasure)}`}
    >
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#eceef2" vertical={false} />
          {bands.map((b) => (
            <ReferenceArea
              key={b.key}
              className={`band band-${b.tone}`}
              x1={b.x1}
              x2={b.x2}
              y1={b.y1}
              y2={b.y2}
              fill={b.tone === 'red' ? HEALTH_HEX.red : HEALTH_HEX.amber}
              fillOpacity={b.tone === 'red' ? 0.08 : 0.14}
              stroke="none"
              ifOverflow="hidden"
            />
          ))}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={span}
            tickFormatter={(t: number) => formatMonth(new Date(t), { timeZone: 'UTC' })}
            tick={{ fontSize: 11, fill: '#80848f' }}
            tickLine={false}
            axisLine={{ stroke: '#e6e6ea' }}
            minTickGap={24}
          />
          <YAxis
            domain={domain}
            tickCount={6}
            tickFormatter={(v: number) => formatValue(v, unitOfMeasure === '%' ? '%' : '')}
            tick={{ fontSize: 11, fill: '#80848f' }}
            tickLine={false}
            axisLine={false}
            width={64}
            allowDataOverflow
          />
          <Tooltip
            labelFormatter={(t) => formatDate(new Date(Number(t)), { timeZone: 'UTC' })}
            formatter={(v, key) => [
              formatValue(Number(v), unitOfMeasure),
              key === 'target' ? 'Target' : 'Value',
            ]}
            contentStyle={{ borderRadius: 8, border: '1px solid #e6e6ea', fontSize: 12 }}
          />
          <Line
            className="target-line"
            type="stepAfter"
            dataKey="target"
            stroke="#50535e"
            strokeDasharray="5 4"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            className="value-line"
            type="monotone"
            dataKey="value"
            stroke="#2f5bd3"
            strokeWidth={2}
            dot={{ r: 2.5, fill: '#2f5bd3' }}
            activeDot={{ r: 5 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="chart-legend">
        <span>
          <i className="lg-line" /> Value
        </span>
        <span>
          <i className="lg-target" /> Target
        </span>
        <span>
          <i className="lg-amber" /> At-risk zone
        </span>
        <span>
          <i className="lg-red" /> Off-track zone
        </span>
      </figcaption>
    </figure>
  );
}
