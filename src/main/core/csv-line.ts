/**
 * One CSV record (RFC 4180) with CRLF: a field is quoted when it holds the delimiter, a quote, a line break, or
 * edge spaces. The rejects files and the delivered-state export write their records with it.
 */
export function csvLine(fields: readonly string[], delimiter = ','): string {
  return fields.map((f) => (f.includes(delimiter) || /["\r\n]/.test(f) || f !== f.trim() ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter) + '\r\n';
}
