import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { apiErrors } from '../graphql/errors';
import { Card, PageHeader, Progress, ScrollArea, Segmented } from '../ui/components';
import { formatDate, formatValue } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { StrategyImport } from './StrategyImport';
import {
  lineOfServerField,
  MAX_ROWS_PER_IMPORT,
  parseMeasurementsCsv,
  type MeasurementRow,
  type RowError,
} from './csv';
import './import-files.css';

const KPIS = gql`
  query ImportKpis {
    kpis {
      id
      name
      unitOfMeasure
      viewerCan {
        recordMeasurement
      }
    }
  }
`;

const RECORD_MANY = gql`
  mutation ImportMeasurements($inputs: [RecordMeasurementInput!]!) {
    recordMeasurements(inputs: $inputs) {
      id
    }
  }
`;

type Phase = 'idle' | 'reading' | 'checking' | 'sending' | 'done' | 'failed';

const SAMPLE =
  'kpi,value,at,note\nQC queue length,31,2027-01-31,month end count\nFinal-QC first-pass yield,88.5,2027-01-31,\n';

type Mode = 'values' | 'strategy';

/** The Import screen: KPI values, or objectives and KPIs, each from spreadsheet files. */
export default function ImportPage() {
  useTitle('Import');
  const [params, setParams] = useSearchParams();
  const mode: Mode = params.get('mode') === 'strategy' ? 'strategy' : 'values';
  return (
    <>
      <PageHeader
        eyebrow="Import"
        title={
          mode === 'strategy'
            ? 'Import objectives and KPIs from a spreadsheet'
            : 'Import KPI values from a spreadsheet'
        }
        subtitle="Every row is checked before anything is saved. If any row is wrong, nothing is imported: fix the file and try again."
      />
      <div className="import-mode">
        <Segmented<Mode>
          label="What to import"
          value={mode}
          options={[
            { value: 'values', label: 'KPI values' },
            { value: 'strategy', label: 'Objectives and KPIs' },
          ]}
          onChange={(m) => setParams(m === 'strategy' ? { mode: 'strategy' } : {}, { replace: true })}
        />
      </div>
      {mode === 'strategy' ? <StrategyImport /> : <MeasurementsImport />}
    </>
  );
}

/** Import KPI measurements from a CSV: every row checked first, then one all-or-nothing call. */
function MeasurementsImport() {
  const fileId = useId();
  const { data: kpiData } = useQuery<{
    kpis: { id: string; name: string; unitOfMeasure: string; viewerCan: { recordMeasurement: boolean } }[];
  }>(KPIS);
  const recordable = new Set(
    (kpiData?.kpis ?? []).filter((k) => k.viewerCan.recordMeasurement).map((k) => k.id),
  );
  const [record] = useMutation<{ recordMeasurements: { id: string }[] }>(RECORD_MANY);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [fileName, setFileName] = useState<string | null>(null);
  const [errors, setErrors] = useState<RowError[]>([]);
  const [rows, setRows] = useState<MeasurementRow[]>([]);
  const [imported, setImported] = useState(0);
  const [totalRows, setTotalRows] = useState(0);
  const units = new Map((kpiData?.kpis ?? []).map((k) => [k.id, k.unitOfMeasure]));

  async function importFile(file: File) {
    setFileName(file.name);
    setErrors([]);
    setRows([]);
    setImported(0);
    setPhase('reading');
    setProgress(0.1);
    const text = await file.text();
    setPhase('checking');
    setProgress(0.35);
    const result = parseMeasurementsCsv(text, kpiData?.kpis ?? []);
    // Rows of KPIs the viewer may not record are refused here, as the server would refuse them.
    for (const r of result.rows)
      if (!recordable.has(r.kpiId))
        result.errors.push({
          line: r.line,
          column: 'kpi',
          message: `You may not record values of “${r.kpiName}”: its owner, the heads of its unit and executives may.`,
        });
    result.errors.sort((a, b) => a.line - b.line);
    setTotalRows(result.totalRows);
    setRows(result.rows);
    if (result.errors.length > 0) {
      setErrors(result.errors);
      setPhase('failed');
      setProgress(0.35);
      return;
    }
    setPhase('sending');
    setProgress(0.6);
    try {
      const res = await record({
        variables: {
          inputs: result.rows.map((r) => ({ kpiId: r.kpiId, value: r.value, at: r.at, note: r.note })),
        },
      });
      setImported(res.data?.recordMeasurements.length ?? result.rows.length);
      setProgress(1);
      setPhase('done');
    } catch (err) {
      setErrors(
        apiErrors(err).map((e) => {
          const at = lineOfServerField(e.field, result.rows);
          return at
            ? { line: at.line, column: at.column, message: e.message }
            : { line: 0, message: e.message };
        }),
      );
      setPhase('failed');
    }
  }

  const busy = phase === 'reading' || phase === 'checking' || phase === 'sending';
  const phaseLabel: Record<Phase, string> = {
    idle: '',
    reading: 'Reading the file…',
    checking: 'Checking every row…',
    sending: `Importing ${rows.length} values…`,
    done: `Imported ${imported} values.`,
    failed: 'Nothing was imported.',
  };
  return (
    <>
      <div className="grid grid-main-side">
        <div className="stack">
          <Card title="Upload a CSV file">
            {kpiData && recordable.size === 0 && (
              <div className="banner banner-warn mb-2" role="note">
                You may record values of no KPI: their owners, the heads of their units and executives may.
              </div>
            )}
            <div className="dropzone">
              <label htmlFor={fileId} className="btn btn-primary">
                Choose a CSV file
              </label>
              <input
                id={fileId}
                type="file"
                accept=".csv,text/csv"
                className="sr-only"
                disabled={busy || !kpiData || recordable.size === 0}
                data-testid="csv-input"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  // Never checked against a list still loading (the input is disabled until then).
                  if (f && kpiData) void importFile(f);
                  e.target.value = '';
                }}
              />
              <span className="muted small">{fileName ?? 'No file chosen'}</span>
            </div>
            {phase !== 'idle' && (
              <div className="import-progress" aria-live="polite">
                <Progress
                  value={progress}
                  label="Import progress"
                  tone={phase === 'failed' ? 'red' : phase === 'done' ? 'green' : 'blue'}
                />
                <div
                  className={`small ${phase === 'failed' ? 'tone-red' : phase === 'done' ? 'tone-green' : 'muted'}`}
                  role="status"
                  data-testid="import-status"
                >
                  {phaseLabel[phase]}
                  {phase === 'failed' &&
                    errors.length > 0 &&
                    ` ${errors.length} problem${errors.length === 1 ? '' : 's'} in ${totalRows} rows.`}
                </div>
              </div>
            )}
            {phase === 'failed' && errors.length > 0 && (
              <div className="banner banner-error mt-3" role="alert" data-testid="import-errors">
                <strong>Fix these rows, then import the file again. No values were saved.</strong>
                <table className="table mt-2">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Column</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {errors.slice(0, 200).map((e, i) => (
                      <tr key={i} data-line={e.line}>
                        <td>{e.line > 0 ? e.line : 'File'}</td>
                        <td>{e.column ?? ''}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {errors.length > 200 && <p className="small">…and {errors.length - 200} more.</p>}
              </div>
            )}
            {phase === 'done' && (
              <div className="banner banner-ok mt-3" role="status">
                {imported} values imported. The KPIs, their health and every dashboard are up to date.
              </div>
            )}
          </Card>
          {phase === 'done' && rows.length > 0 && (
            <Card title="Imported">
              <ScrollArea label="Imported values">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">KPI</th>
                      <th scope="col">For</th>
                      <th scope="col" className="num">
                        Value
                      </th>
                      <th scope="col">Note</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.slice(0, 500).map((r) => (
                      <tr key={r.line}>
                        <td>
                          <Link to={`/kpis/${r.kpiId}`}>{r.kpiName}</Link>
                        </td>
                        <td>{formatDate(r.at)}</td>
                        <td className="num">{formatValue(r.value, units.get(r.kpiId))}</td>
                        <td className="muted">{r.note}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollArea>
            </Card>
          )}
        </div>
        <Card title="File format">
          <p className="small">A header row, then one value per row:</p>
          <ul className="small format-list">
            <li>
              <code>kpi</code>: the KPI’s id, or its exact name
            </li>
            <li>
              <code>value</code>: a number (92.5)
            </li>
            <li>
              <code>at</code>: the date it is for (2027-01-31)
            </li>
            <li>
              <code>note</code>: optional
            </li>
          </ul>
          <pre className="sample" tabIndex={0} role="region" aria-label="Sample file">
            {SAMPLE}
          </pre>
          <p className="small faint">
            At most {MAX_ROWS_PER_IMPORT.toLocaleString('en-GB')} rows per file. Values are added to each
            KPI’s history; earlier values stay.
          </p>
        </Card>
      </div>
    </>
  );
}
