/**
 * Before/after of an operator change, field by field: changed fields stand
 * out, unchanged ones are dimmed. Nested objects (a price) are flattened to
 * "price.input…" paths. Pure rendering of JSON the services wrote.
 */
type Flat = Map<string, string>;

function flatten(value: unknown, prefix = "", out: Flat = new Map()): Flat {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

export function diffRows(before: unknown, after: unknown): Array<{ field: string; before: string | null; after: string | null; changed: boolean }> {
  const b = before === null ? null : flatten(before);
  const a = after === null ? null : flatten(after);
  const fields = [...new Set([...(b?.keys() ?? []), ...(a?.keys() ?? [])])];
  return fields.map((field) => {
    const was = b ? (b.get(field) ?? "—") : null;
    const is = a ? (a.get(field) ?? "—") : null;
    return { field, before: was, after: is, changed: was !== is };
  });
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const rows = diffRows(before, after);
  if (rows.length === 0) return <p className="text-xs text-muted-foreground">No details recorded.</p>;
  return (
    <table className="w-auto text-xs">
      <thead>
        <tr className="text-left text-muted-foreground">
          <th scope="col" className="py-1 pr-6 font-medium">
            Field
          </th>
          <th scope="col" className="py-1 pr-6 font-medium">
            Before
          </th>
          <th scope="col" className="py-1 font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} className={row.changed ? undefined : "text-muted-foreground"}>
            <th scope="row" className="py-0.5 pr-6 text-left font-mono font-normal whitespace-nowrap">
              {row.field}
            </th>
            <td className={row.changed && row.before !== null ? "py-0.5 pr-6 break-all text-destructive line-through decoration-destructive/50" : "py-0.5 pr-6 break-all"}>
              {row.before ?? <span className="text-muted-foreground italic">none</span>}
            </td>
            <td className={row.changed ? "py-0.5 font-medium break-all text-success" : "py-0.5 break-all"}>
              {row.after ?? <span className="text-muted-foreground italic">none</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
