import { useId, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { apiErrors } from '../graphql/errors';
import { healthStyle } from './health';
import './layout.css';
import './health.css';
import './lists.css';
import './forms.css';
import './feedback.css';

/** A coloured health pill. The text is always there: colour is never the only signal. */
export function HealthBadge({
  health,
  compact = false,
  label,
}: {
  health: string;
  compact?: boolean;
  label?: string;
}) {
  const s = healthStyle(health);
  return (
    <span
      className={`health health-${s.tone}${compact ? ' health-compact' : ''}`}
      data-health={health}
      title={label ? `${label}: ${s.label}` : s.label}
    >
      <span className="health-dot" aria-hidden="true" />
      {compact ? <span className="sr-only">{s.label}</span> : s.label}
    </span>
  );
}

/** A small status chip (initiative status, meeting status, …). */
export function Chip({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'blue' | 'green' | 'amber' | 'red' | 'grey';
}) {
  return <span className={`chip chip-${tone}`}>{children}</span>;
}

/** Page title row with optional eyebrow, subtitle and actions on the right. */
export function PageHeader({
  title,
  eyebrow,
  subtitle,
  actions,
}: {
  title: ReactNode;
  eyebrow?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        {eyebrow && <div className="eyebrow">{eyebrow}</div>}
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

/** A titled card section; `aria-labelledby` makes it a named region for screen readers. */
export function Card({
  title,
  actions,
  children,
  className = '',
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  const auto = useId();
  const hid = id ?? auto;
  return (
    <section className={`card ${className}`} aria-labelledby={title ? hid : undefined}>
      {title && (
        <div className="card-head">
          <h2 id={hid}>{title}</h2>
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

/**
 * A box that scrolls (a long table): focusable and named, so keyboard users can scroll it too
 * (WCAG 2.1.1; an unfocusable scrolling box traps its overflow away from them).
 */
export function ScrollArea({
  label,
  className = 'table-wrap scroll-y',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A big number with a label, for summary strips. */
export function Stat({
  label,
  value,
  tone,
  to,
}: {
  label: string;
  value: ReactNode;
  tone?: 'green' | 'amber' | 'red' | 'grey';
  to?: string;
}) {
  const body = (
    <>
      <div className={`stat-value${tone ? ' tone-' + tone : ''}`}>{value}</div>
      <div className="stat-label">{label}</div>
    </>
  );
  return to ? (
    <Link className="stat stat-link" to={to}>
      {body}
    </Link>
  ) : (
    <div className="stat">{body}</div>
  );
}

/** Loading placeholder announced politely to screen readers. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}…
    </div>
  );
}

/** Shows what went wrong with a query, in words. */
export function ErrorState({
  error,
  title = 'This could not be loaded',
}: {
  error: unknown;
  title?: string;
}) {
  const errs = apiErrors(error);
  return (
    <div className="error-state" role="alert">
      <strong>{title}</strong>
      {errs.map((e, i) => (
        <p key={i}>{e.message}</p>
      ))}
    </div>
  );
}

/** An empty list, said plainly. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A not-found page that says nothing about whether the thing exists (ids leak nothing). */
export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <div className="not-found">
      <h1>Nothing here</h1>
      <p>This {what} does not exist, or you do not have access to it.</p>
      <Link to="/">Back to home</Link>
    </div>
  );
}

/** A horizontal progress bar with an accessible value. */
export function Progress({
  value,
  label,
  tone,
}: {
  value: number;
  label: string;
  tone?: 'green' | 'amber' | 'red' | 'grey' | 'blue';
}) {
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
    >
      <div
        className={`progress-bar tone-bg-${tone ?? 'blue'}`}
        style={{ '--progress': pct + '%' } as CSSProperties}
      />
    </div>
  );
}

/** Text input with a visible label and an error tied to it by aria-describedby. */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const errId = id + '-err';
  const hintId = id + '-hint';
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {hint && !error && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={errId} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** A "Choose…" select over items (people, KPIs, objectives), for use inside a Field. */
export function ChoiceSelect({
  fieldProps,
  value,
  onChange,
  options,
  name,
}: {
  fieldProps: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string };
  value: string;
  onChange: (value: string) => void;
  options: readonly { id: string; label: string }[];
  name?: string;
}) {
  return (
    <select
      {...fieldProps}
      className="input"
      name={name}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">Choose…</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Segmented control (tabs that switch a view), keyboard-operable with arrow keys. */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <div className="segmented" role="tablist" aria-label={label}>
      {options.map((o, i) => (
        <button
          key={o.value}
          role="tab"
          type="button"
          aria-selected={o.value === value}
          tabIndex={o.value === value ? 0 : -1}
          className={o.value === value ? 'active' : ''}
          onClick={() => onChange(o.value)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            e.preventDefault();
            const next = options[(i + (e.key === 'ArrowRight' ? 1 : options.length - 1)) % options.length];
            onChange(next.value);
            const sib = e.currentTarget.parentElement?.children[options.indexOf(next)] as
              | HTMLElement
              | undefined;
            sib?.focus();
          }}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Initials avatar for a person. */
export function Avatar({ name, color, size = 24 }: { name: string; color?: string; size?: number }) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ '--avatar-size': size + 'px', ...(color ? { '--avatar-color': color } : {}) } as CSSProperties}
    >
      {initials}
    </span>
  );
}
