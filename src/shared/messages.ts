import { z } from 'zod';
import { localTime as clockTime } from './local-time';
import { localTime } from './time';

/**
 * The engine's sentences that reach the screens, as a code and its values. The engine still returns its
 * English sentence (the CLI prints it, scripts read it); next to it goes this message, which the screens word in
 * their language (src/renderer/i18n: en.ts takes this very table, nl.ts translates it).
 *
 * Templates are i18next's syntax, so one text serves both: `{{name}}` a value as it is, `{{n, number}}` a number
 * in the language's grouping, `{{at, time}}` a moment (date, time and zone), `{{at, clock}}` a moment as a clock
 * reads it (the day only when not today), `key_one` / `key_other` plural forms chosen by `count`, and
 * `$t(messages.key, {"count": {{n}} })` a second plural inside a sentence (`$t(messages.key)` another
 * message's text), and `{{state, batchState}}` a code worded by its kind's table (VALUE_WORDS_EN below). Backticks
 * mark a command.
 */
export const messagesEn = {
  // ---- what happens to the pending changes after an import (shared/outlook.ts) ----
  outlookHeld_one:
    '{{count, number}} change for {{connector}} is held for review: nothing of it is sent until you release it (Release in the Queue or Preview, or `release --connector {{connector}}`).',
  outlookHeld_other:
    '{{count, number}} changes for {{connector}} are held for review: nothing of them is sent until you release them (Release in the Queue or Preview, or `release --connector {{connector}}`).',
  outlookNothing: 'Nothing to send: {{connector}} has no pending changes.',
  outlookHalted: 'Nothing is sent: {{connector}} is halted{{reason}}. Give it a new token or endpoint under Connectors (or `connector edit`) to send again.',
  outlookPausedUntil_one: 'Nothing is sent before {{until, clock}}: {{connector}} is paused{{reason}}. The {{count, number}} change goes when the pause ends.',
  outlookPausedUntil_other: 'Nothing is sent before {{until, clock}}: {{connector}} is paused{{reason}}. The {{count, number}} changes go when the pause ends.',
  outlookPaused_one: 'Nothing is sent: {{connector}} is paused{{reason}}. Resume it in the Queue to send the {{count, number}} change.',
  outlookPaused_other: 'Nothing is sent: {{connector}} is paused{{reason}}. Resume it in the Queue to send the {{count, number}} changes.',
  outlookOnFlush_one: 'No scheduler is running here: the {{count, number}} change for {{connector}} waits until a flush (Flush now in the Queue, or `flush`).',
  outlookOnFlush_other: 'No scheduler is running here: the {{count, number}} changes for {{connector}} wait until a flush (Flush now in the Queue, or `flush`).',
  outlookNow_one: 'Sending now: the scheduler sends the {{count, number}} change for {{connector}} in one flush, about $t(messages.requests, {"count": {{batches}} }) of up to {{batchSize}}.',
  outlookNow_other: 'Sending now: the scheduler sends all {{count, number}} changes for {{connector}} in one flush, about $t(messages.requests, {"count": {{batches}} }) of up to {{batchSize}}.',
  outlookBudgetSpent_one: 'The daily limit is spent: the {{count, number}} change for {{connector}} goes when it renews, at {{until, clock}}.',
  outlookBudgetSpent_other: 'The daily limit is spent: the {{count, number}} changes for {{connector}} go when it renews, at {{until, clock}}.',
  outlookNextFlushAt_one: 'Less than a full batch ({{count, number}} change of {{batchSize}}): it goes at the next scheduled flush, at {{until, clock}}, or now with Flush now.',
  outlookNextFlushAt_other: 'Less than a full batch ({{count, number}} changes of {{batchSize}}): they go at the next scheduled flush, at {{until, clock}}, or now with Flush now.',
  outlookNextFlush_one: 'Less than a full batch ({{count, number}} change of {{batchSize}}): it goes at the next scheduled flush, or now with Flush now.',
  outlookNextFlush_other: 'Less than a full batch ({{count, number}} changes of {{batchSize}}): they go at the next scheduled flush, or now with Flush now.',
  outlookBudgetShort: 'The daily limit leaves $t(messages.requests, {"count": {{left}} }) today: the rest go after it renews at {{until, clock}}.',
  requests_one: '{{count, number}} request',
  requests_other: '{{count, number}} requests',

  // ---- why a flush delivered nothing (delivery.ts, FlushReport.problems) ----
  flushWaiting_one: '{{connector}}: {{count, number}} batch not delivered ({{reason}}); the next attempt is at {{at, time}}.',
  flushWaiting_other: '{{connector}}: {{count, number}} batches not delivered ({{reason}}); the next attempt is at {{at, time}}.',
  flushFailed_one: '{{connector}}: {{count, number}} batch failed for good: {{meaning}}',
  flushFailed_other: '{{connector}}: {{count, number}} batches failed for good: {{meaning}}',
  flushHalted: '{{connector}} is halted: {{reason}}',
  flushPausedUntil: '{{connector}} is paused until {{until, time}}: {{reason}}',
  flushPaused: '{{connector}} is paused; resume it to send.',

  // ---- imports refused, or read with a warning ----
  removalGuard: '$t(messages.removalGuardFacts) If that is right, import it again allowing the removals (--allow-removals).',
  /** The guard's facts alone: the screens ask for the confirmation themselves. */
  removalGuardFacts:
    'This snapshot would remove {{removing, number}} of the {{members, number}} members of {{segment}} ({{share}}%, more than the {{percent}}% allowed without confirmation); nothing was changed.',
  fileChanged:
    '"{{file}}" changed while it was read ({{before, number}} bytes at the start, {{after, number}} at the end): $t(messages.cutOffAdvice)',
  fileCutOff:
    '"{{file}}" line {{line}} is cut off ({{fields}} of {{width}} fields, no line end): $t(messages.cutOffAdvice)',
  cutOffAdvice: 'the file may still be being written or was cut short. Wait until the export has finished, then import it again; nothing was changed.',
  mixedEncoding:
    '"{{file}}" line {{line}} has bytes that are not valid UTF-8, while line {{utf8Line}} is UTF-8: the file mixes two encodings and would be garbled. Save it again as "CSV UTF-8", or choose its encoding (--encoding).',
  unclosedQuote: '"{{file}}" line {{line}}, column {{column}}: a quoted field is never closed (unclosed quote).',
  invalidBytes: '"{{file}}" line {{line}} has bytes that are not valid {{encoding}}: the file is not in one encoding (save it again as "CSV UTF-8").',
  snapshotOfDelta:
    'The column "{{column}}" holds actions (add, update, remove…), but the file is imported as a snapshot: "{{column}}" becomes a profile variable, every row counts as a member (remove rows too), and whoever is not in the file leaves the segment. Import it as delta to apply the actions.',
  ambiguousDates:
    'The dates in "{{column}}" (such as "{{example}}") can be read day first or month first, and no value decides it: they are read day first ({{dayFirst}}). Choose the date order if they are month first ({{monthFirst}}): --date-order mdy, or Date order in the Import screen.',

  // ---- undo an import (reconcile/undo.ts) ----
  undoDone:
    'Undo of the import of {{file}} into {{segment}}: $t(messages.members, {"count": {{leave}} }) leave, $t(messages.members, {"count": {{rejoin}} }) come back, $t(messages.members, {"count": {{restore}} }) get their previous params. Pending changes go from {{before}} ({{beforeNew}} new, {{beforeModified}} modified, {{beforeRemoved}} removed) to {{after}} ({{afterNew}} new, {{afterModified}} modified, {{afterRemoved}} removed).',
  // ---- adopt what Deployteq holds (reconcile/adopt.ts): the clauses that apply, joined by joinClauses ----
  adoptMembers: 'Adopting {{file}} as what Deployteq holds in {{segment}}: {{members, number}} member(s) become delivered without any request',
  adoptDropped: '{{dropped}} member(s) the app held are not in the file and are dropped (nothing is sent)',
  adoptPendingDropped: '{{pendingDropped}} pending change(s) vanish',
  adoptRejected: '{{rejected}} row(s) were rejected and are not adopted (a later import sends them as new)',
  adoptInFlight: '{{inFlight}} change(s) of segment {{segment}} are in a batch being sent; adopt once it is delivered (flush, or wait for the queue).',
  members_one: '{{count, number}} member',
  members_other: '{{count, number}} members',

  // ---- hold new changes for review (connectors/hold.ts) ----
  heldNote_one:
    '{{count, number}} change in segment {{segment}} is held for review: release them first (Release in the Queue or Preview, or `release --connector {{connector}}`).',
  heldNote_other:
    '{{count, number}} changes in segment {{segment}} are held for review: release them first (Release in the Queue or Preview, or `release --connector {{connector}}`).',
  releasedNothing: '{{connector}} held nothing for review.',
  released_one: 'Released {{count, number}} change of {{connector}} ($t(messages.segmentWord, {"count": {{segmentCount}} }) {{segments}}): they are sent like any pending change from now on.',
  released_other: 'Released {{count, number}} changes of {{connector}} ($t(messages.segmentWord, {"count": {{segmentCount}} }) {{segments}}): they are sent like any pending change from now on.',
  segmentWord_one: 'segment',
  segmentWord_other: 'segments',

  // ---- why a row was rejected (the rejects file's reason column; read back by REJECT_REASONS below) ----
  rejectFieldCount_one: 'has {{count}} field where the header has {{width}}',
  rejectFieldCount_other: 'has {{count}} fields where the header has {{width}}',
  rejectEmptyEmail: 'empty email',
  rejectNotEmail: 'not an email address: {{value}}',
  rejectEmptyId: 'empty customer id',
  rejectEmptyAction: 'empty action',
  rejectUnknownAction: 'unknown action {{value}} (expected add, update, remove, enter or exit)',
  rejectMarked: '{{kind, mappingKind}} value {{value}} in "{{column}}" is marked to reject',
  rejectUnmapped: '{{kind, mappingKind}} value {{value}} in "{{column}}" cannot be mapped to {{targets}}; give it a value map to import this row',

  // ---- a connector's send times (connectors/schedule.ts); `words` is cronstrue's, in the language shown ----
  cronInWords: '{{words}}, {{zone}} time',

  // ---- imports refused before anything is stored (imports/*) ----
  fileEmpty: '"{{file}}" is empty: there is no header and no data.',
  noDataRows: '"{{file}}" has a header but no data rows; nothing was imported.',
  formatMismatch: '"{{file}}" does not read as {{format}}; leave the format out to have it detected.',
  noSuchColumn: '"{{file}}" has no column "{{wanted}}" for the {{what}}; its columns are: {{columns}}.',
  noEmailColumn: '"{{file}}" has no identifier column (an email column was expected); its columns are: {{columns}}. Choose the identifier column.',
  noCustomerIdColumn:
    '"{{file}}" has no identifier column (a customer id column was expected); its columns are: {{columns}}. Choose the identifier column.',
  noActionColumn:
    '"{{file}}" has no action column (action, status, change) for a delta import; its columns are: {{columns}}. Choose the action column, or import it as a snapshot.',
  mappedNotImported: '"{{file}}": the column "{{column}}" to map as {{kind, mappingKind}} is not imported as a variable.',
  valueMapUnmapped: 'The value map names the column "{{column}}", which is not mapped: map it as gender, opt-in, opt-out or yes-no first.',
  valueMapTarget: 'The value map of "{{column}}" ({{kind, mappingKind}}) sends "{{from}}" as "{{to}}", which Deployteq does not accept: use {{targets}}, or reject the row.',
  monthFirstDate:
    '"{{column}}" holds "{{value}}", a month-first date, but its first rows fit both orders and were read day first; nothing was imported. Import it again with the date order month first (--date-order mdy, or Date order in the Import screen).',
  jsonArray: '"{{file}}" is a JSON array; export one JSON object per line (NDJSON, .ndjson) instead.',
  jsonTooDeep: '"{{file}}" line {{line}} is JSON nested deeper than {{depth}} levels; NDJSON needs one flat profile a line.',
  jsonCutOffInvalid: '"{{file}}" line {{line}} is cut off ($t(messages.jsonInvalid)): $t(messages.cutOffAdvice)',
  jsonCutOffNotObject: '"{{file}}" line {{line}} is cut off ($t(messages.jsonNotObject)): $t(messages.cutOffAdvice)',
  jsonNoObjectInvalid: '"{{file}}" line {{line}}, $t(messages.jsonInvalid); no line of the file is a JSON object.',
  jsonNoObjectNotObject: '"{{file}}" line {{line}}, $t(messages.jsonNotObject); no line of the file is a JSON object.',
  /** Why an NDJSON line is refused (imports/ndjson.ts); `detail` is the JSON parser's own words, in English. */
  jsonInvalid: 'column {{column}}: not valid JSON ({{detail}})',
  jsonNotObject: 'column 1: {{what, jsonValue}}, not a JSON object',
  jsonEmpty: '"{{file}}" is empty: there is no data.',

  noValidRows_one: '"{{file}}" has no valid row: all {{count}} row was rejected; nothing was imported.',
  noValidRows_other: '"{{file}}" has no valid row: all {{count}} rows were rejected; nothing was imported.',
  isFolder: '"{{file}}" is a folder, not a file.',
  notReadable: '"{{file}}" cannot be read: permission denied.',
  notExportZip: '"{{file}}" is an Excel workbook or ZIP archive, not a CSV or NDJSON export (save it as CSV first).',
  notExportXls: '"{{file}}" is an old Excel workbook (.xls), not a CSV or NDJSON export (save it as CSV first).',
  notExportGzip: '"{{file}}" is a gzip archive, not a CSV or NDJSON export (unpack it first).',
  notExportPdf: '"{{file}}" is a PDF document, not a CSV or NDJSON export.',
  notExportBinary: '"{{file}}" is a binary file, not a CSV or NDJSON export.',
  notFilePipe: '"{{file}}" is a pipe (FIFO), not a file: save the export as a file and import that.',
  notFileSocket: '"{{file}}" is a socket, not a file: save the export as a file and import that.',
  notFileDevice: '"{{file}}" is a device, not a file: save the export as a file and import that.',
  fileNotFound: 'File not found: {{path}}',
  /** `problem` is the operating system's own message, in English. */
  cannotRead: '"{{file}}" cannot be read: {{problem}}',
  /** Reading failed part way, with the system's error code (EIO, EISDIR…) and its message, in English. */
  cannotReadCode: '"{{file}}" cannot be read ({{code}}): {{problem}}',
  recordTooLong: '"{{file}}" line {{line}} is a record longer than {{megabytes}} MB; this does not look like a segment export.',
  ndjsonLineTooLong: '"{{file}}" line {{line}} is longer than {{megabytes}} MB; NDJSON needs one profile a line.',

  // ---- connectors refused (connectors/*) ----
  cronInvalid: '"{{expression}}" is not a valid cron expression: {{problem}}.',
  tokenMissing: 'The token of connector "{{connector}}" is missing from the secret store: set it again.',
  tokenRequired: 'A token is required: give --token, or paste the full webhook URL with ?token=.',
  connectorNameTaken: 'A connector named "{{connector}}" already exists.',
  tokenEmpty: 'The new token is empty: give the token, or leave it out to keep the current one.',
  identifierTypeLocked:
    'The identifier type of "{{connector}}" cannot change from {{from, identifierType}} to {{to, identifierType}}: its segments ({{segments}}) hold profiles known to Deployteq by their {{from, identifierType}}. Add a new connector with identifier type {{to, identifierType}} for the same webhook instead, or remove these segments first.',
  segmentNameRequired: 'A segment name is required.',
  tokenTwice: 'The URL carries a ?token= and a different token was given as well: give only one.',
  notAUrl: '"{{url}}" is not a URL: paste the webhook URL Deployteq shows, starting with https://.',
  httpNotLoopback: 'The endpoint must be an https URL: plain http is only accepted for 127.0.0.1 or localhost (local testing).',
  notWebAddress: 'The endpoint must be an https URL: {{protocol}} is not a web address.',
  urlWithCredentials: 'The endpoint must not contain a user name or password.',
  emptyUrlToken: 'The URL has an empty ?token= parameter: copy the full webhook URL from Deployteq.',

  // ---- a connector field the rules refuse (shared/model.ts connectorFields; read back by FIELD_ISSUES below) ----
  fieldRequired: '{{field, field}} is required',
  fieldTooLong: '{{field, field}} is at most {{maximum}} characters',
  fieldNotNumber: '{{field, field}} must be a number',
  fieldNotWhole: '{{field, field}} must be a whole number',
  fieldPositive: '{{field, field}} must be positive',
  fieldNotNegative: '{{field, field}} cannot be negative',
  fieldMinimum: '{{field, field}} must be at least {{minimum}}',
  fieldMaximum: '{{field, field}} is at most {{maximum}}',
  fieldMinutes: '{{field, field}} is at least {{minimum}} minute',
  fieldMilliseconds: '{{field, field}} is at least {{minimum}} ms',
  fieldOnOrOff: '{{field, field}} is on or off',
  connectorNoSetting: 'A connector has no setting {{keys}}',

  // ---- the operator's retry of a failed batch (delivery/acknowledge.ts) ----
  noSuchBatch: 'There is no batch with uuid {{uuid}}.',
  batchNotFailed: 'Batch {{uuid}} did not fail (it is {{state, batchState}}); there is nothing to retry.',

  // ---- what a saved connector tells the operator (ConnectorSaved.notices) ----
  urlTokenMoved: 'The URL carried ?token=…: the token was moved to the Token field and the endpoint keeps the URL without it.',
  holdsKept_one:
    'New changes of {{connector}} are no longer held, but the {{count, number}} change already held still wait for a release (Release in the Queue, or `release --connector {{connector}}`).',
  haltLiftedByToken: 'The token changed: "{{connector}}" was halted after {{reason}} and sends again.',
  haltLiftedByEndpoint: 'The endpoint changed: "{{connector}}" was halted after {{reason}} and sends again.',
  holdsKept_other:
    'New changes of {{connector}} are no longer held, but the {{count, number}} changes already held still wait for a release (Release in the Queue, or `release --connector {{connector}}`).',

  // ---- a flush's lines, per batch or lease (delivery.ts, FlushReport.lineMessages); `meaning` is an outcome's ----
  flushLine: '{{connector}}: {{meaning}}',
  flushBatchFailed: '{{connector}}: batch {{uuid}} failed: {{meaning}}',
  requestAbandoned: 'The request was abandoned because Canopy Batch is stopping; the same batch is sent again on the next start.',
  flushAbandoned: '{{connector}}: $t(messages.requestAbandoned)',
  flushBackingOff: '{{connector}} is backing off after a failed attempt; the next one is at {{at, time}}.',
  flushBusy: '{{connector}}: $t(messages.holder) is sending for this connector; this flush sent nothing and leaves the rest to it.',
  flushLeaseLost: '{{connector}}: $t(messages.holder) took over sending for this connector; this flush stopped.',
  flushLeaseLostUnknown: '{{connector}}: another process took over sending for this connector; this flush stopped.',
  /** Another process holding a lease (delivery/lease.ts): its pid, host name, and since when. */
  holder: 'process {{pid}} on {{host}} (since {{since, time}})',

  // ---- what a watch says of the file it last handled (watches/service.ts; kept with the file, migration 012) ----
  watchImported: '{{rowsRead}} rows read, {{rejected}} rejected; pending NEW {{new}}, MODIFIED {{modified}}, REMOVED {{removed}}',
  /** `problem` is the error's own message, in English. */
  watchUnexpected: 'Unexpected error: {{problem}}',
  watchedAlready: '{{connector}} / {{segment}} is watched already (watch {{id}}, {{path}}); remove that watch first.',
  watchPatternNotFolder: '--pattern is for a folder, and {{path}} is not a folder: watch the folder with the pattern, or the file alone.',
  watchNeitherFolderNorFile: '{{path}} is neither a folder nor a file.',
  watchNoSuchPath: 'Neither {{path}} nor its folder {{folder}} exists.',

  // ---- forgetting a profile (privacy/forget.ts, ForgetResult.sentence) ----
  forgetEmptyEmail: 'Cannot forget {{email}}: $t(messages.rejectEmptyEmail).',
  forgetNotEmail: 'Cannot forget {{email}}: $t(messages.rejectNotEmail).',
  forgetNothing: 'No segment holds this profile: there was nothing to forget.',
  forgetNothingRejects: 'No segment holds this profile; $t(messages.forgetRejectsDeleted)',
  forgetRejectsDeleted: '{{rejects}} rejects file(s) naming it were deleted.',
  forgetPlanNone: 'No segment holds this profile.',
  forgetPlan:
    'Forgetting removes this profile from {{segmentCount}} segment(s): {{segments}}; {{removals}} REMOVED change(s) go to Deployteq at the next flush, then everything kept about the profile is erased.',
  forgetDone: 'Forgot the profile in {{segmentCount}} segment(s): {{segments}}. Nothing about it is kept.',
  forgetDoneRejects: 'Forgot the profile in {{segmentCount}} segment(s): {{segments}}. Nothing about it is kept. $t(messages.forgetRejectsDeleted)',
  forgetWaiting:
    'The profile left {{segmentCount}} segment(s): {{segments}}. {{waitingCount}} REMOVED change(s) wait for a flush ({{waiting}}); once Deployteq acknowledges them, the rest of what is kept about the profile is erased by itself.',
  forgetWaitingRejects:
    'The profile left {{segmentCount}} segment(s): {{segments}}. {{waitingCount}} REMOVED change(s) wait for a flush ({{waiting}}); once Deployteq acknowledges them, the rest of what is kept about the profile is erased by itself. $t(messages.forgetRejectsDeleted)',
} as const;

/**
 * Values that are codes, worded by their kind (`{{state, batchState}}`): a Dutch sentence must not quote an English
 * word. The engine passes the code; English words it here, the screens in their language (src/renderer/i18n `words`).
 */
export const VALUE_WORDS_EN = {
  batchState: { queued: 'queued', retrying: 'retrying', delivered: 'delivered', failed: 'failed' },
  identifierType: { 'customer-id': 'Customer ID', 'hashed-email': 'Hashed Email' },
  /** How a column is mapped to Deployteq's vocabulary (model.ts MAPPING_KINDS). */
  mappingKind: { gender: 'gender', optin: 'opt-in', yesno: 'yes-no', optout: 'opt-out' },
  /** What a JSON line holds instead of an object (`typeof`, or null or array). */
  jsonValue: { null: 'null', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean' },
  /** A connector's fields, as its form labels them. */
  field: {
    name: 'Name',
    url: 'Endpoint URL',
    partnerNumber: 'Partner number',
    batchSize: 'Batch size',
    flushIntervalMinutes: 'Flush interval',
    dailyLimit: 'Daily limit',
    timeoutMs: 'Timeout',
    holdForReview: 'Hold new changes for review',
  },
} as const;

/** A kind's table of English words (empty for a kind the table lacks). */
const wordsOf = (kind: string): Readonly<Record<string, string>> => (VALUE_WORDS_EN as Record<string, Record<string, string> | undefined>)[kind] ?? {};

/** The English word of a value of a kind; the value itself for a kind or value the table lacks. */
export const englishWord = (kind: string, value: string): string => wordsOf(kind)[value] ?? value;

type TemplateKey = keyof typeof messagesEn;
/** A message's code: a template's key without its plural ending. */
export type MessageCode = TemplateKey extends infer K ? (K extends `${infer C}_${'one' | 'other'}` ? C : K) : never;

const paramSchema = z.union([z.string(), z.number(), z.null()]);

/** A log outcome's sentence as a code (an `outcome.*` key of the screens) and its values: delivery/outcome.ts. */
export const saidSchema = z.object({ code: z.string().min(1), values: z.record(z.string(), z.union([z.string(), z.number()])) });
export type Said = z.infer<typeof saidSchema>;

/**
 * A sentence as a code and its values, as it crosses every transport. The code is a string: a newer engine may
 * send one the screens do not know yet. `nested` words a value that is itself an engine sentence (a connector's
 * state reason) in the screens' language; the value in `params` is its English.
 */
export const messageSchema = z.object({
  code: z.string().min(1),
  params: z.record(z.string(), paramSchema),
  nested: z.record(z.string(), saidSchema).optional(),
});
export type Message = z.infer<typeof messageSchema>;
export type MessageParams = Message['params'];

export const message = (code: MessageCode, params: MessageParams = {}): Message => ({ code, params });

/** How values are written into a sentence; English by default (the CLI's), the screens pass their language's. */
export interface MessageFormats {
  number(n: number): string;
  time(ms: number): string;
  clock(ms: number): string;
  /** A code value of a kind (VALUE_WORDS_EN) in words. */
  word(kind: string, value: string): string;
}

const TEMPLATES: Readonly<Record<string, string>> = messagesEn;

/** The template of a code for these values (its plural form by `count`), or undefined for a code this table lacks. */
function templateOf(code: string, params: MessageParams): string | undefined {
  if (typeof params.count === 'number' && TEMPLATES[`${code}_one`] !== undefined) {
    return TEMPLATES[`${code}_${params.count === 1 ? 'one' : 'other'}`];
  }
  return TEMPLATES[code];
}

/** `$t(messages.code)` or `$t(messages.code, {"count": {{n}} })`: another message inside a template. */
const NESTED_SOURCE = String.raw`\$t\(messages\.(\w+)(?:, (\{(?:[^{}]|\{\{\s*\w+\s*\}\})*\})\s*)?\)`;
const NESTED = new RegExp(`^${NESTED_SOURCE}$`);
const NESTED_SPLIT = /(\$t\(messages\.\w+(?:, \{(?:[^{}]|\{\{\s*\w+\s*\}\})*\}\s*)?\))/; // the same, captured whole

/** The template of a code for a message's values, in some language (undefined: a code it lacks). */
export type TemplateSource = (code: string, params: MessageParams) => string | undefined;

/**
 * A message written out from its templates: the values into their slots, formatted, and nested messages in
 * their own plural. One function for the engine's English and the screens' languages alike. Slots and nested
 * messages are found in the template, never in a value: a file named "{{line}}" or "$t(…)" is written as it is.
 */
export function fillMessage(m: Message, formats: MessageFormats, source: TemplateSource): string | undefined {
  const template = source(m.code, m.params);
  if (template === undefined) return undefined;
  const fill = (text: string) =>
    text.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (_, name: string, format?: string) => {
      const value = m.params[name];
      if (value === null || value === undefined) return '';
      if (typeof value === 'string') return format ? formats.word(format, value) : value;
      const numeric = format === 'number' || format === 'time' || format === 'clock' ? formats[format] : undefined;
      return numeric ? numeric(value) : String(value);
    });
  return template
    .split(NESTED_SPLIT)
    .map((part, i) => {
      if (i % 2 === 0) return fill(part);
      const [, code, options] = NESTED.exec(part)!;
      return fillMessage({ code, params: { ...m.params, ...(options ? (JSON.parse(fill(options)) as MessageParams) : {}) } }, formats, source) ?? '';
    })
    .join('');
}

/** The English sentence of a message: the engine's own sentence. Throws for a code the table lacks (a bug in the engine). */
export function english(m: Message, formats: MessageFormats): string {
  const text = fillMessage(m, formats, templateOf);
  if (text === undefined) throw new Error(`No English sentence for the message code "${m.code}"`);
  return text;
}

/** The engine's English: numbers grouped as the CLI always wrote them, moments in this computer's zone. */
export const englishFormats = (now = Date.now()): MessageFormats => ({
  number: (n) => n.toLocaleString('en-GB'),
  time: (ms) => localTime(ms),
  clock: (ms) => clockTime(ms, { now }),
  word: englishWord,
});

/** A sentence made of clauses (an adoption's), in any language: one rule for the engine's English and the screens. */
export const joinClauses = (clauses: readonly string[]): string => `${clauses.join('; ')}.`;

/** A message with its English sentence, for an engine place that returns both. */
export function said(code: MessageCode, params: MessageParams = {}, now?: number): { text: string; message: Message } {
  const m = message(code, params);
  return { text: english(m, englishFormats(now)), message: m };
}

/**
 * The reasons a row is rejected, as the rejects file holds them (English text, one column): read back into their
 * message by matching the templates, so the Import screen can word them. The import's per-row code writes them
 * (imports/records.ts, identifiers.ts, mapping.ts); test/core/messages checks that every reason it writes is matched.
 */
export const REJECT_REASONS = [
  'rejectFieldCount',
  'rejectEmptyEmail',
  'rejectNotEmail',
  'rejectEmptyId',
  'rejectEmptyAction',
  'rejectUnknownAction',
  'rejectMarked',
  'rejectUnmapped',
  'jsonInvalid',
  'jsonNotObject',
] as const satisfies readonly MessageCode[];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each template of these codes as an anchored pattern whose groups are its values. */
const patternsOf = (codes: readonly MessageCode[]) =>
  Object.entries(TEMPLATES)
    .filter(([key]) => (codes as readonly string[]).includes(key.replace(/_(one|other)$/, '')))
    .map(([key, template]) => {
      const slots: Array<{ name: string; kind?: string }> = [];
      const source = template
        .split(/(\{\{\s*\w+\s*(?:,\s*\w+\s*)?\}\})/)
        .map((part) => {
          const slot = /^\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?/.exec(part);
          if (!slot) return escapeRegExp(part);
          slots.push({ name: slot[1], kind: slot[2] });
          return NUMERIC_SLOTS.has(slot[1]) ? '(\\d+)' : '(.+?)';
        })
        .join('');
      return { code: key.replace(/_(one|other)$/, ''), slots, pattern: new RegExp(`^${source}$`, 's') };
    });

/**
 * The sentences a connector field's rule says (zod issues, shared/model.ts): the schema's messages are their
 * English, and each issue is read back into its message (connectors.ts invalidInput, the form as one types).
 */
export const FIELD_ISSUES = [
  'fieldRequired',
  'fieldTooLong',
  'fieldNotNumber',
  'fieldNotWhole',
  'fieldPositive',
  'fieldNotNegative',
  'fieldMinimum',
  'fieldMaximum',
  'fieldMinutes',
  'fieldMilliseconds',
  'fieldOnOrOff',
  'connectorNoSetting',
] as const satisfies readonly MessageCode[];
export type FieldIssueCode = (typeof FIELD_ISSUES)[number];

/** A field rule's English, for the schema to say: `fieldText('fieldMaximum', 'batchSize', { maximum: 600 })`. */
export const fieldText = (code: FieldIssueCode, field: keyof (typeof VALUE_WORDS_EN)['field'] | null, params: MessageParams = {}): string =>
  english(message(code, { ...(field ? { field } : {}), ...params }), englishFormats());

let rejectPatterns: ReturnType<typeof patternsOf> | null = null;
let fieldPatterns: ReturnType<typeof patternsOf> | null = null;

/** The message of a field rule's sentence (a zod issue's), or null for one no template matches (zod's own). */
export function fieldIssueMessage(text: string): Message | null {
  fieldPatterns ??= patternsOf(FIELD_ISSUES);
  return messageOfText(fieldPatterns, text);
}

/** Slots that hold a number in every template read back (a count, a limit). */
const NUMERIC_SLOTS = new Set(['count', 'width', 'minimum', 'maximum']);

/** The code an English word of a kind stands for (englishWord read backwards); the word itself when none does. */
function codeOfWord(kind: string, word: string): string {
  const words = wordsOf(kind);
  return Object.keys(words).find((code) => words[code] === word) ?? word;
}

/** The message of a rejected row's reason, or null for a reason no template matches (the text then serves). */
export function rejectReasonMessage(reason: string): Message | null {
  rejectPatterns ??= patternsOf(REJECT_REASONS);
  return messageOfText(rejectPatterns, reason);
}

/** The first template the text is the English of, with the values read from it (numbers as numbers). */
function messageOfText(patterns: ReturnType<typeof patternsOf>, text: string): Message | null {
  for (const { code, slots, pattern } of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const params: MessageParams = {};
    slots.forEach(({ name, kind }, i) => (params[name] = NUMERIC_SLOTS.has(name) ? Number(match[i + 1]) : kind ? codeOfWord(kind, match[i + 1]) : match[i + 1]));
    return { code, params };
  }
  return null;
}
