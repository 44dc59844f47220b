import type { CheckInDraftQuery } from '@throughline/shared/graphql';
import { SOURCE_KIND_LABEL } from './check-in-text';

type Source = CheckInDraftQuery['checkInDraft']['sources'][number];

const FIELD_LABEL: Record<string, string> = {
  HAPPENED: 'What happened',
  NEXT: 'What is next',
  BLOCKERS: 'Blockers',
};

/** Where each drafted sentence came from; a sentence the owner changed or removed says so. */
export function CheckInSources({
  sources,
  texts,
}: {
  sources: readonly Source[];
  texts: Record<string, string>;
}) {
  if (sources.length === 0) return null;
  return (
    <section className="check-in-sources" aria-labelledby="check-in-sources-title">
      <h3 id="check-in-sources-title">Where the draft came from</h3>
      <ol>
        {sources.map((s, i) => {
          const kept = (texts[s.field] ?? '').includes(s.sentence);
          return (
            <li key={i} className="check-in-source">
              <q className="check-in-sentence">{s.sentence}</q>
              <span className="small faint check-in-source-label">
                {FIELD_LABEL[s.field]} · {SOURCE_KIND_LABEL[s.kind] ?? s.kind}: {s.label}
                {!kept && ' · edited by you'}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
