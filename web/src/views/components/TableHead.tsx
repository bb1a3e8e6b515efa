/** A table's header row: one column heading per label. */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>{columns.map((label) => <th key={label} scope="col">{label}</th>)}</tr>
    </thead>
  );
}
