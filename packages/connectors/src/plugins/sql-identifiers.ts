// Quoting of table and column names from configuration: always double-quoted, so a name can
// never become SQL; "schema.table" is split on the dot.

export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > 63 || name.includes('\0')) throw new Error(`"${name}" is not a valid PostgreSQL identifier`);
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteQualifiedName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) throw new Error(`"${name}" is not table or schema.table`);
  return parts.map(quoteIdentifier).join('.');
}
