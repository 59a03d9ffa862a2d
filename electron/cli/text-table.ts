/** Renders rows as an aligned plain-text table for terminal output. */
export function textTable(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '—' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd())
    .join('\n');
}

export const ms = (v: number | null): string | null => (v === null ? null : `${Math.round(v)}`);
export const seconds = (v: number | null): string | null => (v === null ? null : `${(v / 1000).toFixed(1)}s`);
