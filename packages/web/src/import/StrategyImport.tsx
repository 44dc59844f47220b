import { MAX_IMPORT_ROWS } from '@throughline/shared';
import { useMutation } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { apiErrors } from '../graphql/errors';
import { PlanSwitcher, usePlanId } from '../plan/PlanSwitcher';
import { Card, Progress, ScrollArea } from '../ui/components';
import { IMPORT_STRATEGY, type ImportStrategyData } from './import.graphql';
import {
  KPI_COLUMNS,
  OBJECTIVE_COLUMNS,
  parseKpisCsv,
  parseObjectivesCsv,
  sheetErrorsFromServer,
  templateCsv,
  type ServerRowError,
  type Sheet,
  type SheetError,
} from './strategy-csv';
import './import-files.css';
import './import.css';

type Phase = 'idle' | 'reading' | 'checking' | 'sending' | 'done' | 'failed';

const FILE_NAME: Record<Sheet, string> = { objectives: 'objectives.csv', kpis: 'kpis.csv' };
const SHEET_LABEL: Record<Sheet, string> = { objectives: 'Objectives', kpis: 'KPIs' };
const SHEET_NOUN: Record<Sheet, string> = { objectives: 'objectives', kpis: 'KPIs' };
const count = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** Offers a CSV generated in the browser as a download. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One file slot (objectives.csv or kpis.csv): a keyboard-reachable chooser and the chosen name. */
function FilePicker({
  sheet,
  file,
  disabled,
  onChange,
}: {
  sheet: Sheet;
  file: File | null;
  disabled: boolean;
  onChange: (f: File | null) => void;
}) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  return (
    <div className="dropzone import-slot">
      <div className="import-slot-text">
        <strong>{SHEET_LABEL[sheet]}</strong>
        <span className="muted small" id={id + '-name'}>
          {file ? file.name : `No file chosen (${FILE_NAME[sheet]})`}
        </span>
      </div>
      <label htmlFor={id} className="btn">
        {file ? 'Replace' : 'Choose'} {SHEET_NOUN[sheet]} file
      </label>
      <input
        id={id}
        ref={ref}
        type="file"
        accept=".csv,text/csv"
        className="sr-only"
        aria-describedby={id + '-name'}
        disabled={disabled}
        data-testid={`strategy-${sheet}-input`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onChange(f);
          e.target.value = '';
        }}
      />
      {file && (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          disabled={disabled}
          onClick={() => onChange(null)}
          aria-label={`Remove the ${SHEET_NOUN[sheet]} file`}
        >
          Remove
        </button>
      )}
    </div>
  );
}

/** The row errors of both files in one table: file, line, column, problem. */
function ErrorTable({ errors }: { errors: SheetError[] }) {
  return (
    <div className="banner banner-error mt-3" role="alert" data-testid="strategy-import-errors">
      <strong>Fix these rows, then import again. Nothing was saved.</strong>
      <ScrollArea label="Problems found in the files" className="table-wrap import-errors">
        <table className="table">
          <caption className="sr-only">Problems found in the files</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.slice(0, 300).map((e, i) => (
              <tr key={i} data-sheet={e.sheet} data-line={e.line}>
                <td>{FILE_NAME[e.sheet]}</td>
                <td>{e.line > 0 ? e.line : 'File'}</td>
                <td>{e.column ?? ''}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
      {errors.length > 300 && <p className="small">…and {errors.length - 300} more.</p>}
    </div>
  );
}

/** Row errors the server reported in `extensions.rows` (null when the error is of another kind). */
function serverRows(err: unknown): ServerRowError[] | null {
  if (!CombinedGraphQLErrors.is(err)) return null;
  const rows = err.errors[0]?.extensions?.rows;
  return Array.isArray(rows) ? (rows as ServerRowError[]) : null;
}

/**
 * Import objectives and KPIs from two CSV files (objectives.csv, kpis.csv): both checked in the
 * browser first, then one all-or-nothing `importStrategy` call; the server's row errors are shown
 * the same way as the browser's.
 */
export function StrategyImport() {
  const { plans } = useViewer();
  const [planChoice, setPlanChoice] = useState<string | undefined>();
  const planId = usePlanId(planChoice);
  const plan = plans.find((p) => p.id === planId);
  const [files, setFiles] = useState<Record<Sheet, File | null>>({ objectives: null, kpis: null });
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [errors, setErrors] = useState<SheetError[]>([]);
  const [result, setResult] = useState<ImportStrategyData['importStrategy'] | null>(null);
  const [runImport] = useMutation<ImportStrategyData>(IMPORT_STRATEGY);
  const busy = phase === 'reading' || phase === 'checking' || phase === 'sending';
  const [counts, setCounts] = useState({ objectives: 0, kpis: 0 });

  function choose(sheet: Sheet, f: File | null) {
    setFiles((prev) => ({ ...prev, [sheet]: f }));
    setPhase('idle');
    setErrors([]);
    setResult(null);
  }

  async function start() {
    if (!planId) return;
    setErrors([]);
    setResult(null);
    setPhase('reading');
    setProgress(0.1);
    const [objText, kpiText] = await Promise.all([
      files.objectives?.text() ?? null,
      files.kpis?.text() ?? null,
    ]);
    setPhase('checking');
    setProgress(0.3);
    const objectives = objText !== null ? parseObjectivesCsv(objText) : { rows: [], lines: [], errors: [] };
    const kpis = kpiText !== null ? parseKpisCsv(kpiText) : { rows: [], lines: [], errors: [] };
    setCounts({ objectives: objectives.rows.length, kpis: kpis.rows.length });
    const found = [...objectives.errors, ...kpis.errors];
    if (found.length) {
      setErrors(found);
      setPhase('failed');
      return;
    }
    setPhase('sending');
    setProgress(0.6);
    try {
      const res = await runImport({
        variables: { input: { planId, objectives: objectives.rows, kpis: kpis.rows } },
      });
      setResult(res.data?.importStrategy ?? null);
      setProgress(1);
      setPhase('done');
    } catch (err) {
      const rows = serverRows(err);
      setErrors(
        rows && rows.length
          ? sheetErrorsFromServer(rows, { objectives: objectives.lines, kpis: kpis.lines })
          : apiErrors(err).map((e) => ({
              sheet: (e.field?.includes('kpis') ? 'kpis' : 'objectives') as Sheet,
              line: 0,
              message: e.message,
            })),
      );
      setPhase('failed');
    }
  }

  const status: Record<Phase, string> = {
    idle: '',
    reading: 'Reading the files…',
    checking: 'Checking every row…',
    sending: `Importing ${count(counts.objectives, 'objective')} and ${count(counts.kpis, 'KPI')}…`,
    done: result
      ? `Imported ${count(result.objectivesCreated, 'objective')} and ${count(result.kpisCreated, 'KPI')}.`
      : 'Imported.',
    failed: 'Nothing was imported.',
  };

  return (
    <div className="grid grid-main-side">
      <div className="stack">
        <Card title="Upload CSV files" actions={<PlanSwitcher planId={planId} onChange={setPlanChoice} />}>
          <p className="small muted mt-0">
            Into <strong>{plan?.name ?? 'the plan'}</strong>. Choose one file per sheet; either may be left
            out. Objectives are created first, so KPIs can name them by key.
          </p>
          <div className="stack-sm import-slots">
            <FilePicker
              sheet="objectives"
              file={files.objectives}
              disabled={busy}
              onChange={(f) => choose('objectives', f)}
            />
            <FilePicker sheet="kpis" file={files.kpis} disabled={busy} onChange={(f) => choose('kpis', f)} />
          </div>
          <div className="row mt-3">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || !planId || (!files.objectives && !files.kpis)}
              onClick={() => void start()}
            >
              Check and import
            </button>
            <span className="small faint">
              Every row is checked first; if one is wrong, nothing is saved.
            </span>
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
                data-testid="strategy-import-status"
              >
                {status[phase]}
                {phase === 'failed' &&
                  errors.length > 0 &&
                  ` ${errors.length} problem${errors.length === 1 ? '' : 's'}.`}
              </div>
            </div>
          )}
          {phase === 'failed' && errors.length > 0 && <ErrorTable errors={errors} />}
          {phase === 'done' && result && (
            <div className="banner banner-ok mt-3" role="status">
              {count(result.objectivesCreated, 'objective')}, {count(result.kpisCreated, 'KPI')} and{' '}
              {count(result.linksCreated, 'link')} created. Each is in the history as “Imported from
              spreadsheet”.{' '}
              <Link to={planId ? `/map/${planId}?view=tree` : '/map?view=tree'}>Open the strategy map</Link>
            </div>
          )}
        </Card>
        {phase === 'done' && result && (result.objectives.length > 0 || result.kpis.length > 0) && (
          <Card title="Created">
            <div className="import-created">
              {result.objectives.length > 0 && (
                <section aria-labelledby="created-objectives">
                  <h3 id="created-objectives" className="small muted">
                    Objectives
                  </h3>
                  <ul data-testid="created-objectives">
                    {result.objectives.slice(0, 500).map((o) => (
                      <li key={o.id}>
                        <Link to={`/objectives/${o.id}`}>{o.title}</Link>{' '}
                        <span className="faint small">
                          {o.unit.name} · {o.owner.name}
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {result.kpis.length > 0 && (
                <section aria-labelledby="created-kpis">
                  <h3 id="created-kpis" className="small muted">
                    KPIs
                  </h3>
                  <ul>
                    {result.kpis.slice(0, 500).map((k) => (
                      <li key={k.id}>
                        <Link to={`/kpis/${k.id}`}>{k.name}</Link>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </div>
          </Card>
        )}
      </div>
      <Card title="File format">
        <p className="small">Start from a template: a header row and two example rows.</p>
        <div className="row import-templates">
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => download('objectives-template.csv', templateCsv('objectives'))}
          >
            Download objectives template
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => download('kpis-template.csv', templateCsv('kpis'))}
          >
            Download KPIs template
          </button>
        </div>
        <h3 className="small mb-0">objectives.csv</h3>
        <ul className="small format-list">
          {OBJECTIVE_COLUMNS.map((c) => (
            <li key={c.name}>
              <code>{c.name}</code>: {c.help}
            </li>
          ))}
        </ul>
        <h3 className="small mb-0">kpis.csv</h3>
        <ul className="small format-list">
          {KPI_COLUMNS.map((c) => (
            <li key={c.name}>
              <code>{c.name}</code>: {c.help}
            </li>
          ))}
        </ul>
        <p className="small faint">
          At most {MAX_IMPORT_ROWS.toLocaleString('en-GB')} rows per file. Units are named as in the
          organisation, owners by email; you can add objectives and KPIs only to units you may edit.
        </p>
      </Card>
    </div>
  );
}
