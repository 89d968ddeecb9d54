import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { toApiError, type Handlers } from '../../../src/main/core/handlers';
import type { Sandbox } from '../../../src/main/core/sandbox';
import { english, englishFormats, messageSchema, REJECT_REASONS } from '../../../src/shared/messages';
import { REMOVALS_NEED_CONFIRMATION, type ApiErrorShape } from '../../../src/shared/api';
import { customerIdExport, engineWithSandbox } from '../../support/engine-with-sandbox';

/** What a transport carries for the refusal of `work`. */
async function refusal(work: () => Promise<unknown>): Promise<ApiErrorShape> {
  try {
    await work();
  } catch (error) {
    return toApiError(error);
  }
  throw new Error('expected a refusal');
}

describe("the engine's sentences carry a code and values next to their English", () => {
  let sandbox: Sandbox;
  let dir: string;
  let api: Handlers;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ sandbox, dir, api, close } = await engineWithSandbox('messages-token-24680'));
  });
  afterEach(() => close());

  it('a snapshot refused by the mass-removal guard: the sentence is the English of its message, with the numbers', async () => {
    await api['connectors.create']({ name: 'Demo', url: sandbox.url });
    await api['imports.run']({ file: customerIdExport(dir, 'all.csv', 1200), connector: 'Demo', segment: 'S' });
    const error = await refusal(() => api['imports.run']({ file: customerIdExport(dir, 'cut.csv', 100), connector: 'Demo', segment: 'S' }));
    expect(error.code).toBe(REMOVALS_NEED_CONFIRMATION);
    expect(error.sentence).toEqual({ code: 'removalGuard', params: { removing: 1100, members: 1200, segment: 'S', share: 92, percent: 25 } });
    expect(error.message).toBe(
      'This snapshot would remove 1,100 of the 1,200 members of S (92%, more than the 25% allowed without confirmation); nothing was changed. If that is right, import it again allowing the removals (--allow-removals).',
    );
    expect(english(messageSchema.parse(error.sentence), englishFormats())).toBe(error.message);
  });

  it('a file that mixes UTF-8 with Windows-1252: refused with its code, the file and both lines', async () => {
    await api['connectors.create']({ name: 'Demo', url: sandbox.url });
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('customerId,firstName\n1,Ann\n'), iconv.encode('2,Renée\n', 'windows-1252'), Buffer.from('3,Jérôme\n', 'utf8')]));
    const error = await refusal(() => api['imports.run']({ file, connector: 'Demo', segment: 'S' }));
    expect(error.sentence).toEqual({ code: 'mixedEncoding', params: { file: 'mixed.csv', line: 3, utf8Line: 4 } });
    expect(error.message).toBe(english(error.sentence!, englishFormats()));
    expect(error.message).toMatch(/^"mixed\.csv" line 3 has bytes that are not valid UTF-8, while line 4 is UTF-8/);
  });

  it('a value map that sends a value Deployteq refuses: the English as before, with the column, the values and the choices', async () => {
    await api['connectors.create']({ name: 'Mail', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(dir, 'optin.csv');
    writeFileSync(file, ['email,nieuwsbrief', 'ann@example.com,ja'].join('\n') + '\n');
    const error = await refusal(() => api['imports.run']({ file, connector: 'Mail', segment: 'S', map: { optin: 'nieuwsbrief' }, valueMaps: { nieuwsbrief: { ' ja ': 'maybe' } } }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('The value map of "nieuwsbrief" (opt-in) sends "ja" as "maybe", which Deployteq does not accept: use Y, N, or reject the row.');
    expect(error.sentence).toEqual({ code: 'valueMapTarget', params: { column: 'nieuwsbrief', kind: 'optin', from: 'ja', to: 'maybe', targets: 'Y, N' } });
    expect(english(error.sentence!, englishFormats())).toBe(error.message);
    await expect(api['segments.history']({ connector: 'Mail', segment: 'S' })).rejects.toThrow('has no segment named "S"'); // nothing stored
  });

  it('a file without the identifier column the connector needs: refused with the file and its columns, nothing stored', async () => {
    await api['connectors.create']({ name: 'Mail', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(dir, 'no-email.csv');
    writeFileSync(file, ['naam,plaats', 'Ann,Utrecht'].join('\n') + '\n');
    const error = await refusal(() => api['imports.run']({ file, connector: 'Mail', segment: 'S' }));
    expect(error.message).toBe(
      '"no-email.csv" has no identifier column (an email column was expected); its columns are: "naam", "plaats". Choose the identifier column.',
    );
    expect(error.sentence).toEqual({ code: 'noEmailColumn', params: { file: 'no-email.csv', columns: '"naam", "plaats"' } });
    expect(english(error.sentence!, englishFormats())).toBe(error.message);
    await expect(api['segments.history']({ connector: 'Mail', segment: 'S' })).rejects.toThrow('has no segment named "S"'); // nothing stored
  });

  it('a file that is no export, or is not there, is refused as a message: an Excel workbook, a missing file', async () => {
    await api['connectors.create']({ name: 'Demo', url: sandbox.url });
    const workbook = join(dir, 'leden.xlsx');
    writeFileSync(workbook, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]));
    const error = await refusal(() => api['imports.run']({ file: workbook, connector: 'Demo', segment: 'S' }));
    expect(error.message).toBe('"leden.xlsx" is an Excel workbook or ZIP archive, not a CSV or NDJSON export (save it as CSV first).');
    expect(error.sentence).toEqual({ code: 'notExportZip', params: { file: 'leden.xlsx' } });
    const missing = join(dir, 'gone.csv');
    const absent = await refusal(() => api['imports.run']({ file: missing, connector: 'Demo', segment: 'S' }));
    expect(absent.code).toBe('not-found');
    expect(absent.message).toBe(`File not found: ${missing}`);
    expect(english(messageSchema.parse(absent.sentence), englishFormats())).toBe(absent.message);
    await expect(api['segments.history']({ connector: 'Demo', segment: 'S' })).rejects.toThrow('has no segment named "S"'); // nothing stored
  });

  it('a connector with send times that are not a cron expression: refused with the expression and the reason, no connector made', async () => {
    const error = await refusal(() => api['connectors.create']({ name: 'Demo', url: sandbox.url, cron: 'every day' }));
    expect(error.code).toBe('invalid-input');
    expect(error.sentence).toMatchObject({ code: 'cronInvalid', params: { expression: 'every day' } });
    expect(error.message).toMatch(/^"every day" is not a valid cron expression: .+\.$/);
    expect(english(error.sentence!, englishFormats())).toBe(error.message);
    expect(await api['connectors.list']({})).toEqual([]);
  });

  it("a saved connector's notices carry their messages in the same order; a notice without one has null", async () => {
    const created = await api['connectors.create']({ name: 'Review', url: sandbox.url, holdForReview: true });
    expect(created.notices[0]).toBe('The URL carried ?token=…: the token was moved to the Token field and the endpoint keeps the URL without it.');
    expect(created.noticeMessages![0]).toEqual({ code: 'urlTokenMoved', params: {} });
    expect(created.noticeMessages).toHaveLength(created.notices.length);
    await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 3), connector: 'Review', segment: 'Held' });
    const saved = await api['connectors.update']({ connector: 'Review', patch: { holdForReview: false } });
    expect(saved.notices).toEqual([
      'New changes of Review are no longer held, but the 3 changes already held still wait for a release (Release in the Queue, or `release --connector Review`).',
    ]);
    expect(saved.noticeMessages).toEqual([{ code: 'holdsKept', params: { connector: 'Review', count: 3 } }]);
    expect(english(saved.noticeMessages![0]!, englishFormats())).toBe(saved.notices[0]);
  });

  it('a flush that leaves held changes alone opens its messages with the held notes, and carries them as messages', async () => {
    await api['connectors.create']({ name: 'Review', url: sandbox.url, holdForReview: true });
    await api['imports.run']({ file: customerIdExport(dir, 'held.csv', 4), connector: 'Review', segment: 'Held' });
    const [report] = await api['queue.flush']({ connector: 'Review' });
    expect(report.messages[0]).toBe(
      '4 changes in segment Held are held for review: release them first (Release in the Queue or Preview, or `release --connector Review`).',
    );
    expect(report.lineMessages![0]).toEqual({ code: 'heldNote', params: { count: 4, segment: 'Held', connector: 'Review' } });
    expect(english(report.lineMessages![0]!, englishFormats())).toBe(report.messages[0]);
    expect(report).not.toHaveProperty('heldMessages'); // lineMessages carries them, in their place
  });

  it('every reason the import writes into the rejects file is read back as its message, and its English is the reason', async () => {
    await api['connectors.create']({ name: 'Mail', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(dir, 'messy.csv');
    const rows = ['email,naam,nieuwsbrief', 'ann@example.com,Ann,ja', ',Leeg,ja', 'geen-adres,Geen,ja', 'bob@example.com,Bob', 'cy@example.com,Cy,misschien', 'dee@example.com,Dee,weet niet'];
    writeFileSync(file, rows.join('\n') + '\n');
    const result = await api['imports.run']({ file, connector: 'Mail', segment: 'S', map: { optin: 'nieuwsbrief' }, valueMaps: { nieuwsbrief: { 'weet niet': null } } });
    const delta = join(dir, 'delta.csv');
    writeFileSync(delta, ['customerId,action,naam', '1,add,Ann', '2,,Leeg', '3,maybe,Wie'].join('\n') + '\n');
    await api['connectors.create']({ name: 'Ids', url: sandbox.url });
    const deltaResult = await api['imports.run']({ file: delta, connector: 'Ids', segment: 'D', mode: 'delta' });
    const reasons = [];
    for (const r of [result, deltaResult]) reasons.push(...(await api['imports.rejects']({ rejectsFile: r.rejectsFile! })).rows);
    const codes = new Set<string>();
    for (const row of reasons) {
      expect(row.reasonMessage, row.reason).not.toBeNull();
      expect(english(row.reasonMessage!, englishFormats())).toBe(row.reason);
      codes.add(row.reasonMessage!.code);
    }
    expect([...codes].sort()).toEqual(['rejectEmptyAction', 'rejectEmptyEmail', 'rejectFieldCount', 'rejectMarked', 'rejectNotEmail', 'rejectUnknownAction', 'rejectUnmapped']);
    expect(REJECT_REASONS).toEqual(expect.arrayContaining([...codes]));
  });

  it('an NDJSON line that is no JSON object is rejected with a reason read back as its message, the JSON value as a code', async () => {
    await api['connectors.create']({ name: 'Mail', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(dir, 'profiles.ndjson');
    writeFileSync(file, ['{"email": "ann@example.com"}', '[1, 2]', '{"email": "bob@example.com"', '{"email": "cy@example.com"}'].join('\n') + '\n');
    const result = await api['imports.run']({ file, connector: 'Mail', segment: 'S' });
    const { rows } = await api['imports.rejects']({ rejectsFile: result.rejectsFile! });
    expect(rows.map((r) => r.reasonMessage)).toEqual([
      { code: 'jsonNotObject', params: { what: 'array' } },
      { code: 'jsonInvalid', params: { column: expect.any(String), detail: expect.any(String) } },
    ]);
    for (const row of rows) expect(english(row.reasonMessage!, englishFormats())).toBe(row.reason);
    expect(rows[0].reason).toBe('column 1: an array, not a JSON object');
  });

  it("a connector halted by a 401: its state reason carries the outcome's code on every view, and the flush's problem nests it", async () => {
    await api['connectors.create']({ name: 'Demo', url: `${sandbox.url.replace(/token=[^&]+/, 'token=wrong-token-0000')}` });
    await api['imports.run']({ file: customerIdExport(dir, 'a.csv', 3), connector: 'Demo', segment: 'S' });
    const [report] = await api['queue.flush']({ connector: 'Demo' });
    const reason = '401 Authentication failed (token or user invalid): connector halted until the token is changed.';
    const said = { code: 'outcome.halted401', values: { status: 401 } };
    expect(report.problems).toEqual([`Demo is halted: ${reason}`]);
    expect(report.problemMessages).toEqual([{ code: 'flushHalted', params: { connector: 'Demo', reason }, nested: { reason: said } }]);
    expect(english(report.problemMessages![0], englishFormats())).toBe(report.problems![0]);
    const [connector] = await api['connectors.list']({});
    expect(connector).toMatchObject({ state: 'halted', stateReason: reason, stateSaid: said });
    const [queue] = await api['queue.status']({});
    expect(queue).toMatchObject({ stateReason: reason, stateSaid: said });
  });

  it('an operator pause is worded from the screens\' own sentence; an active connector has no reason to word', async () => {
    await api['connectors.create']({ name: 'Demo', url: sandbox.url });
    expect((await api['connectors.list']({}))[0].stateSaid).toBeNull();
    await api['connectors.pause']({ connector: 'Demo' });
    expect((await api['connectors.list']({}))[0]).toMatchObject({ stateReason: 'Paused by the operator.', stateSaid: { code: 'state.pausedReason', values: {} } });
  });
});
