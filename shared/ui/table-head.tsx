/** A table's column headings, each a `<th scope="col">` so a screen reader names the column of every cell. */
export const TableHead = ({ columns }: { columns: readonly string[] }) => (
  <thead>
    <tr>
      {columns.map((column) => (
        <th scope="col">{column}</th>
      ))}
    </tr>
  </thead>
);
