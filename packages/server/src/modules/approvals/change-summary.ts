import { formatNumber, formatPeriod } from '@throughline/shared';

/** A KPI target change in words: "Target 95 → 92 % for Q1 2028 (amber 90, red 87)". */
export function kpiTargetSummary(
  old: { target: number } | null | undefined,
  t: { periodStart: string; periodEnd: string; target: number; amber?: number | null; red?: number | null },
  unitOfMeasure: string,
): string {
  const uom = unitOfMeasure ? ` ${unitOfMeasure}` : '';
  const period = formatPeriod(t.periodStart, t.periodEnd);
  const thresholds = `amber ${formatNumber(t.amber ?? t.target)}, red ${t.red == null ? '10% worse' : formatNumber(t.red)}`;
  return old
    ? `Target ${formatNumber(old.target)} → ${formatNumber(t.target)}${uom} for ${period} (${thresholds})`
    : `Target ${formatNumber(t.target)}${uom} for ${period} (${thresholds})`;
}
