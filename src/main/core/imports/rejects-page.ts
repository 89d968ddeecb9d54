/**
 * The rejected rows of an import, for the Import screen: a page at a time (line, reason, the row as it
 * was), and the whole rejects file for a download. Only rejects files the engine wrote, in the data
 * folder's rejects/ folder, can be read this way.
 */
import { rejectReasonMessage } from '../../../shared/messages';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { RejectedRowView, RejectsPage } from '../../../shared/model';
import { UserError } from '../errors';
import { detectLayout, streamRows } from './source';

/** Larger than this, the rejects file is not sent to the screen whole: the operator opens it from disk. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

export async function readRejectsPage(
  rejectsDir: string,
  input: { rejectsFile: string; offset: number; limit: number; csv: boolean },
): Promise<RejectsPage> {
  const file = resolve(input.rejectsFile);
  if (dirname(file) !== resolve(rejectsDir) || !basename(file).endsWith('.rejects.csv')) {
    throw new UserError('Only the rejects file of an import can be read here.', 'invalid-input');
  }
  const size = await stat(file).then((info) => info.size).catch(() => null);
  if (size === null) throw new UserError(`The rejects file ${basename(file)} is gone: it is deleted with its import after the retention time.`, 'not-found');
  const layout = await detectLayout(file);
  const delimiter = layout.delimiter ?? ',';
  const rows: RejectedRowView[] = [];
  let total = 0;
  const sink = {
    record(fields: string[], line: number) {
      if (line === 1) return; // the header: line, reason, then the file's own columns
      if (fields.length === 1 && fields[0] === '') return;
      if (total >= input.offset && rows.length < input.limit) {
        const reason = fields[1] ?? '';
        rows.push({ line: Number(fields[0]), reason, reasonMessage: rejectReasonMessage(reason), text: fields.slice(2).map((f) => quoted(f, delimiter)).join(delimiter) });
      }
      total++;
    },
    bad() {},
  };
  for await (const _bytes of streamRows(layout, sink)) {
    // streamRows hands records to the sink as it reads
  }
  const page: RejectsPage = { rows, offset: input.offset, total };
  if (input.csv) {
    if (size > MAX_DOWNLOAD_BYTES) throw new UserError(`The rejects file is larger than 50 MB: open ${file} instead.`, 'invalid-input');
    page.csv = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  }
  return page;
}

const quoted = (field: string, delimiter: string) =>
  field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
