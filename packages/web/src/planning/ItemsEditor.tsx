import { Field } from '../ui/components';
import { emptyKpiItem, emptyObjectiveItem, type DraftItem } from './negotiation-items';
import './planning.css';

const NEW_KPI = '__new';

/** The items of a proposal or counter-proposal: KPI targets (existing or new KPIs) and objectives. */
export function ItemsEditor({
  items,
  onChange,
  errors,
  kpis,
  objectives,
}: {
  items: DraftItem[];
  onChange: (items: DraftItem[]) => void;
  errors: Record<string, string>;
  kpis: readonly { id: string; name: string; unitOfMeasure: string }[];
  objectives: readonly { id: string; title: string }[];
}) {
  const set = (n: number, patch: Partial<DraftItem>) =>
    onChange(items.map((i, k) => (k === n ? { ...i, ...patch } : i)));
  return (
    <div className="nego-items">
      {items.map((item, n) => {
        const f = (k: string) => errors[`items.${n}.${k}`];
        const fixed = !!item.key && !!item.subjectId;
        const isNewKpi = item.kind === 'KPI_TARGET' && !item.subjectId && (!!item.newKpi || !!item.name);
        return (
          <fieldset key={n} className="nego-item">
            <legend>
              Item {n + 1}
              {item.name ? `: ${item.name}` : ''}
            </legend>
            {item.kind === 'KPI_TARGET' ? (
              <>
                {!fixed && (
                  <Field label="KPI" error={f('subjectId')}>
                    {(p) => (
                      <select
                        {...p}
                        className="input"
                        value={item.subjectId || (isNewKpi ? NEW_KPI : '')}
                        onChange={(e) => {
                          const k = kpis.find((x) => x.id === e.target.value);
                          set(
                            n,
                            k
                              ? { subjectId: k.id, name: k.name, newKpi: false }
                              : { subjectId: '', name: '', key: '', newKpi: e.target.value === NEW_KPI },
                          );
                        }}
                      >
                        <option value="">Choose…</option>
                        {kpis.map((k) => (
                          <option key={k.id} value={k.id}>
                            {k.name}
                          </option>
                        ))}
                        <option value={NEW_KPI}>A new KPI…</option>
                      </select>
                    )}
                  </Field>
                )}
                {isNewKpi && !fixed && (
                  <div className="form-grid">
                    <Field label="New KPI name" error={f('name')}>
                      {(p) => (
                        <input
                          {...p}
                          className="input"
                          value={item.name}
                          onChange={(e) => set(n, { name: e.target.value })}
                        />
                      )}
                    </Field>
                    <Field label="Unit of measure" error={f('unitOfMeasure')}>
                      {(p) => (
                        <input
                          {...p}
                          className="input"
                          value={item.unitOfMeasure}
                          onChange={(e) => set(n, { unitOfMeasure: e.target.value })}
                        />
                      )}
                    </Field>
                    <Field label="Direction" error={f('direction')}>
                      {(p) => (
                        <select
                          {...p}
                          className="input"
                          value={item.direction}
                          onChange={(e) => set(n, { direction: e.target.value as DraftItem['direction'] })}
                        >
                          <option value="HIGHER_IS_BETTER">Higher is better</option>
                          <option value="LOWER_IS_BETTER">Lower is better</option>
                        </select>
                      )}
                    </Field>
                  </div>
                )}
                <div className="form-grid nego-numbers">
                  {(
                    [
                      ['target', 'Target'],
                      ['amber', 'Amber threshold'],
                      ['red', 'Red threshold'],
                    ] as const
                  ).map(([k, label]) => (
                    <Field key={k} label={label} error={f(k)}>
                      {(p) => (
                        <input
                          {...p}
                          className="input"
                          inputMode="decimal"
                          value={item[k]}
                          onChange={(e) => set(n, { [k]: e.target.value })}
                        />
                      )}
                    </Field>
                  ))}
                </div>
              </>
            ) : (
              <div className="form-grid">
                {!fixed && (
                  <Field label="Objective title" error={f('name')}>
                    {(p) => (
                      <input
                        {...p}
                        className="input"
                        value={item.name}
                        onChange={(e) => set(n, { name: e.target.value })}
                      />
                    )}
                  </Field>
                )}
                {!item.subjectId && (
                  <Field label="Under objective" error={f('parentId')}>
                    {(p) => (
                      <select
                        {...p}
                        className="input"
                        value={item.parentId}
                        onChange={(e) => set(n, { parentId: e.target.value })}
                      >
                        <option value="">Choose…</option>
                        {objectives.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.title}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                )}
                <Field label="Due date" error={f('dueDate')}>
                  {(p) => (
                    <input
                      {...p}
                      type="date"
                      className="input"
                      value={item.dueDate}
                      onChange={(e) => set(n, { dueDate: e.target.value })}
                    />
                  )}
                </Field>
              </div>
            )}
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              onClick={() => onChange(items.filter((_, k) => k !== n))}
            >
              Remove item {n + 1}
            </button>
          </fieldset>
        );
      })}
      {errors.items && (
        <div className="field-error" role="alert">
          {errors.items}
        </div>
      )}
      <div className="row-wrap nego-add">
        <button type="button" className="btn btn-sm" onClick={() => onChange([...items, emptyKpiItem()])}>
          Add a KPI target
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => onChange([...items, emptyObjectiveItem()])}
        >
          Add an objective
        </button>
      </div>
    </div>
  );
}
