import type { School } from '@classroom/shared';

/** Every school's classrooms as checkboxes: a master teacher's lesson reaches classrooms of many schools. */
export function ClassroomPicker({ schools, chosen, onChange }: { schools: School[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <div className="classroom-picker">
      {schools.filter((s) => s.classrooms.length > 0).map((school) => (
        <fieldset key={school.id}>
          <legend>{school.name}</legend>
          {school.classrooms.map((classroom) => (
            <label key={classroom.id} className="check">
              <input
                type="checkbox"
                data-testid={`pick-classroom-${classroom.id}`}
                checked={chosen.includes(classroom.id)}
                onChange={(e) => toggle(classroom.id, e.target.checked)}
              />{' '}
              {classroom.name}
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
