import { Direction, effectiveThresholds, Frequency, Health, SubjectType } from '@throughline/shared';
import { valueText } from '../../text.js';
import { targetOn } from '../health/health.loaders.js';
import type { KpiTarget } from '../kpis/kpi-target.entity.js';
import { AlertRule } from './alert-rules.js';
import type { AlertCondition } from './alert.service.js';
import { forecastRed, FORECAST_WINDOW, outlier, OUTLIER_SIGMAS, periodText } from './early-warning.js';

const one = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * The two early-warning rules of one KPI (KPI_FORECAST_RED, KPI_OUTLIER), judged by the drift
 * service wherever measurements are written or corrected, with the numbers in the message.
 */
export function earlyWarningConditions(input: {
  kpi: { name: string; direction: Direction; frequency: Frequency; unit_of_measure: string };
  base: { subjectId: string; subjectType: SubjectType; unitId: string; ownerId: string | null };
  live: boolean;
  health: Health;
  /** One value per period, oldest first. */
  series: number[];
  /** [period start (ms), value], oldest first. */
  periods: [number, number][];
  targets: KpiTarget[];
}): AlertCondition[] {
  const { kpi, base, live, series, periods } = input;
  const unit = kpi.unit_of_measure;
  const latestStart = periods.length ? new Date(periods[periods.length - 1][0]) : null;
  const red =
    live && latestStart
      ? forecastRed({
          series,
          direction: kpi.direction,
          currentHealth: input.health,
          frequency: kpi.frequency,
          latestPeriodStart: latestStart,
          targetOf: (start) => {
            const t = targetOn(input.targets, start);
            return t ? { target: t.target, amber: t.amber, red: t.red } : null;
          },
        })
      : null;
  let forecastMessage = '';
  if (red) {
    const t = effectiveThresholds({ direction: kpi.direction, ...red.target });
    const side = kpi.direction === Direction.HIGHER_IS_BETTER ? 'below' : 'above';
    forecastMessage = `${kpi.name} is heading for red: the trend of its last ${FORECAST_WINDOW} values forecasts ${valueText(
      Number(one(red.value)),
      unit,
    )} by ${periodText(red.periodStart, kpi.frequency)} against red ${side} ${valueText(t?.red ?? null, unit)}.`;
  }
  const out = live ? outlier(series) : null;
  let outlierMessage = '';
  if (out?.active) {
    const dir = out.latest > out.mean ? 'above' : 'below';
    outlierMessage = `${kpi.name}'s latest value ${valueText(out.latest, unit)} is ${one(out.sigmas)} standard deviations ${dir} the mean of the ${out.history} values before it (${valueText(
      Number(one(out.mean)),
      unit,
    )}, standard deviation ${valueText(Number(one(out.sd)), unit)}; the limit is ${OUTLIER_SIGMAS}). Check the value, or what happened.`;
  }
  return [
    { ...base, rule: AlertRule.KPI_FORECAST_RED, active: !!red, message: forecastMessage },
    { ...base, rule: AlertRule.KPI_OUTLIER, active: !!out?.active, message: outlierMessage },
  ];
}
