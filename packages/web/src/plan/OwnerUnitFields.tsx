import { ChoiceSelect, Field } from '../ui/components';

/** The "Owner" and "Unit" pickers every quick-add form of the plan editor asks for, with their errors. */
export function OwnerUnitFields({
  ownerId,
  unitId,
  onOwner,
  onUnit,
  people,
  units,
  errors,
}: {
  ownerId: string;
  unitId: string;
  onOwner: (id: string) => void;
  onUnit: (id: string) => void;
  people: readonly { id: string; name: string }[];
  units: readonly { id: string; name: string }[];
  errors: { ownerId?: string; unitId?: string };
}) {
  return (
    <>
      <Field label="Owner" error={errors.ownerId}>
        {(p) => (
          <ChoiceSelect
            fieldProps={p}
            value={ownerId}
            onChange={onOwner}
            options={people.map((x) => ({ id: x.id, label: x.name }))}
          />
        )}
      </Field>
      <Field label="Unit" error={errors.unitId}>
        {(p) => (
          <ChoiceSelect
            fieldProps={p}
            value={unitId}
            onChange={onUnit}
            options={units.map((u) => ({ id: u.id, label: u.name }))}
          />
        )}
      </Field>
    </>
  );
}
