import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '../ui/format';
import { percent, pointRate, trendSentence, type Measure, type TrendPointLike } from './follow-through-text';
import './follow-through.css';

/**
 * Follow-through at each of the last closed reviews of the scope, drawn with recharts (as the
 * KPI chart is). The picture is hidden from screen readers: the caption says the trend in words and
 * a visually hidden table lists every point.
 */
export function FollowThroughTrend({
  points,
  compact = false,
  measure = 'decisions',
}: {
  points: readonly TrendPointLike[];
  compact?: boolean;
  measure?: Measure;
}) {
  const sentence = trendSentence(points, measure);
  const what = measure === 'actions' ? 'Actions done by their due date' : 'Decisions carried out on time';
  const data = points.map((p, i) => ({
    i,
    label: formatDate(p.at),
    title: p.meeting.title,
    value: pointRate(p, measure) == null ? null : Math.round(pointRate(p, measure)! * 100),
  }));
  const drawn = data.some((d) => d.value != null);
  return (
    <figure
      className={`ft-trend${compact ? ' ft-trend-compact' : ''}`}
      data-testid="follow-through-trend"
      data-points={points.length}
    >
      {drawn && (
        <div className="ft-trend-chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={compact ? 36 : 140}>
            <LineChart
              accessibilityLayer={false}
              data={data}
              margin={
                compact ? { top: 4, right: 4, bottom: 4, left: 4 } : { top: 8, right: 12, bottom: 0, left: 0 }
              }
            >
              {!compact && <CartesianGrid className="ft-grid" vertical={false} />}
              <XAxis
                dataKey="label"
                hide={compact}
                tick={{ fontSize: 11 }}
                tickLine={false}
                minTickGap={16}
              />
              <YAxis
                domain={[0, 100]}
                hide={compact}
                ticks={[0, 50, 100]}
                tickFormatter={(v: number) => `${v} %`}
                tick={{ fontSize: 11 }}
                tickLine={false}
                axisLine={false}
                width={52}
              />
              {!compact && (
                <Tooltip
                  formatter={(v) => [`${v} %`, what]}
                  labelFormatter={(_l, payload) => payload?.[0]?.payload?.title ?? ''}
                />
              )}
              <Line
                className="ft-line"
                type="monotone"
                dataKey="value"
                strokeWidth={2}
                dot={{ r: compact ? 1.5 : 3 }}
                isAnimationActive={false}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <figcaption className={compact ? 'sr-only' : 'small muted'}>{sentence}</figcaption>
      <div className="sr-only">
        <table>
          <caption>Follow-through at each review</caption>
          <thead>
            <tr>
              <th scope="col">Review</th>
              <th scope="col">Closed</th>
              <th scope="col">{what}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.meeting.id}>
                <td>{p.meeting.title}</td>
                <td>{formatDate(p.at)}</td>
                <td>
                  {measure === 'actions'
                    ? p.due
                      ? `${percent(p.rate)} (${p.doneOnTime} of ${p.due})`
                      : 'none due'
                    : p.decisionsDue
                      ? `${percent(p.decisionRate)} (${p.decisionsOnTime} of ${p.decisionsDue})`
                      : 'none due'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
