import { useState, type ReactNode } from 'react';
import './shown-once.css';

/**
 * A secret value shown this once (a new token's secret, an invitation link that could not be
 * emailed): what it is and why it matters (children), the value selectable in a field, a copy
 * button, and a button to say it has been taken care of.
 */
export function ShownOnce({
  region,
  label,
  noun,
  value,
  inputId,
  doneLabel,
  onDone,
  children,
}: {
  /** The region's accessible name, e.g. "New token secret". */
  region: string;
  /** The field's label, e.g. "Secret". */
  label: string;
  /** What is copied, in the buttons and messages: "secret", "link". */
  noun: string;
  value: string;
  inputId: string;
  doneLabel: string;
  onDone: () => void;
  children: ReactNode;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="banner banner-warn shown-once" role="region" aria-label={region}>
      {children}
      <div className="shown-once-row">
        <label className="shown-once-label" htmlFor={inputId}>
          {label}
        </label>
        <input
          id={inputId}
          className="input mono"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          Copy {noun}
        </button>
      </div>
      <div className="form-actions">
        <span role="status" className="small">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? `The browser did not allow copying: select the ${noun} and copy it yourself.`
              : ''}
        </span>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </div>
  );
}
