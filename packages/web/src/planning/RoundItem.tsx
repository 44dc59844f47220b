import type { NegotiationDetailFragment } from '@throughline/shared/graphql';
import { formatDate, formatDateTime, formatNumber } from '../ui/format';
import { changesFrom } from './negotiation-items';
import { fieldLabel, roundVerb } from './negotiation-labels';
import './planning.css';

type Round = NegotiationDetailFragment['rounds'][number];
type Item = NonNullable<Round['items']>[number];

const value = (v: number | null | undefined, unit?: string | null) =>
  v == null ? '—' : `${formatNumber(v)}${unit ? ` ${unit}` : ''}`;

/** One round of the conversation: who, when, what (items, with what changed from the previous proposal), why. */
export function RoundItem({ round, previous }: { round: Round; previous: Round | null }) {
  const { byKey, dropped } = changesFrom(previous?.items, round.items ?? []);
  const mark = (i: Item, f: string) => {
    const c = byKey.get(i.key);
    return c === 'new' || (Array.isArray(c) && c.includes(f as never)) ? 'nego-changed' : undefined;
  };
  return (
    <li
      className={`nego-round nego-round-${round.side === 'PROPOSER' ? 'left' : 'right'} nego-round-${round.kind.toLowerCase()}`}
    >
      <div className="nego-round-head">
        <strong>{round.author.name}</strong> {roundVerb(round.kind)}
        {round.kind === 'JOINED' && round.person ? `: ${round.person.name}` : ''}
        <span className="small muted"> · {formatDateTime(round.at)}</span>
      </div>
      {round.reason && <p className="nego-reason">“{round.reason}”</p>}
      {round.items && (
        <table className="nego-items-table">
          <caption className="sr-only">Items of round {round.number}</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Target</th>
              <th scope="col">Amber</th>
              <th scope="col">Red</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {round.items.map((i) => {
              const c = byKey.get(i.key);
              return (
                <tr key={i.key}>
                  <th scope="row" className={mark(i, 'name')}>
                    {i.kind === 'OBJECTIVE' ? 'Objective: ' : ''}
                    {i.name}
                    {!i.subjectId && <span className="small muted"> (new)</span>}
                    {c && (
                      <span className="sr-only">
                        {c === 'new' ? ', added in this round' : `, changed: ${c.map(fieldLabel).join(', ')}`}
                      </span>
                    )}
                  </th>
                  <td className={mark(i, 'target')}>{value(i.target, i.unitOfMeasure)}</td>
                  <td className={mark(i, 'amber')}>{value(i.amber)}</td>
                  <td className={mark(i, 'red')}>{value(i.red)}</td>
                  <td className={mark(i, 'dueDate')}>{i.dueDate ? formatDate(i.dueDate) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {dropped.length > 0 && <p className="small muted">Dropped: {dropped.map((d) => d.name).join(', ')}</p>}
    </li>
  );
}
