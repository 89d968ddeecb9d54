import { Command, InvalidArgumentError } from 'commander';
import type { Cli } from '../cli';
import { list, oneOf } from '../options';
import { DATE_ORDERS, IMPORT_ENCODINGS, IMPORT_FORMATS, importFormatLabel, MAPPING_KINDS, type ImportEncoding, type ImportResult, type MappingHint, type MappingKind } from '../../shared/model';
import { describeOutlook } from '../../shared/outlook';

type ValueMaps = Record<string, Record<string, string | null>>;

/**
 * `--value-map 'Nieuwsbrief:misschien=N,?=reject'` (repeatable) → { Nieuwsbrief: { misschien: 'N', '?': null } }.
 * The column ends at the first ":", each value at its "="; `reject` rejects rows with that value.
 */
export function valueMap(value: string, previous: ValueMaps = {}): ValueMaps {
  const colon = value.indexOf(':');
  const column = value.slice(0, colon).trim();
  const pairs = colon < 0 ? [] : value.slice(colon + 1).split(',');
  const usage = `--value-map takes COLUMN:FROM=TO,FROM=TO with TO a Deployteq value or reject, e.g. 'Nieuwsbrief:misschien=N'; got ${JSON.stringify(value)}.`;
  if (!column || pairs.length === 0) throw new InvalidArgumentError(usage);
  const map = { ...previous[column] };
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const to = pair.slice(equals + 1).trim();
    if (equals < 0 || to === '') throw new InvalidArgumentError(usage);
    map[pair.slice(0, equals).trim()] = to.toLowerCase() === 'reject' ? null : to;
  }
  return { ...previous, [column]: map };
}

/** `--map gender=Geslacht,optin=Nieuwsbrief` → { gender: 'Geslacht', optin: 'Nieuwsbrief' } */
export function mapping(value: string): Partial<Record<MappingKind, string>> {
  const map: Partial<Record<MappingKind, string>> = {};
  for (const pair of list(value)) {
    const [kind, column] = pair.split('=').map((s) => s?.trim());
    if (!MAPPING_KINDS.includes(kind as MappingKind) || !column) {
      throw new InvalidArgumentError(`--map takes kind=COLUMN pairs with kind one of ${MAPPING_KINDS.join(', ')}, e.g. gender=Geslacht.`);
    }
    map[kind as MappingKind] = column;
  }
  return map;
}

/** `--encoding windows-1252` → 'Windows-1252': the names as the screens show them, in any case. */
export function encodingName(value: string): ImportEncoding {
  const found = IMPORT_ENCODINGS.find((name) => name.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw new InvalidArgumentError(`--encoding must be one of ${IMPORT_ENCODINGS.join(', ')}.`);
  return found;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('import')
    .description('import a segment export (CSV or NDJSON) and work out NEW / MODIFIED / REMOVED')
    .argument('<file>', 'the export file')
    .requiredOption('--connector <name>', 'the connector that sends this segment')
    .requiredOption('--segment <name>', 'the Segment Name sent to Deployteq')
    .option('--mode <mode>', 'snapshot (the whole membership) or delta (an action column); delta when the file has an action column', oneOf('--mode', ['snapshot', 'delta'] as const))
    .option('--id-column <column>', 'the identifier column (detected from the header when absent)')
    .option('--columns <a,b,c>', 'the columns to send as profile variables (all others when absent)', list)
    .option('--map <kind=column,...>', 'apply Deployteq value mapping: gender=COL,optin=COL,optout=COL,yesno=COL', mapping)
    .option('--value-map <column:from=to,...>', "map a column's values the mapping cannot (TO a Deployteq value or reject); repeatable", valueMap)
    .option('--date-order <order>', 'read n/n/yyyy dates day first (dmy) or month first (mdy) where the values do not decide it', oneOf('--date-order', DATE_ORDERS))
    .option('--json', 'print the result as JSON')
    .option('--encoding <name>', `read the file in this encoding instead of the detected one: ${IMPORT_ENCODINGS.join(', ')}`, encodingName)
    .option('--format <name>', `read the file as this format instead of the detected one: ${IMPORT_FORMATS.join(', ')}`, oneOf('--format', IMPORT_FORMATS))
    .option('--allow-removals', "accept a snapshot that removes more of the segment's members than its guard allows (25% by default)")
    .action(async (file: string, o) => {
      const result = await cli.handlers()['imports.run']({
        file,
        connector: o.connector,
        segment: o.segment,
        mode: o.mode,
        idColumn: o.idColumn,
        columns: o.columns,
        map: o.map,
        encoding: o.encoding,
        format: o.format,
        valueMaps: o.valueMap,
        dateOrder: o.dateOrder,
        ...(o.allowRemovals ? { allowRemovals: true } : {}),
      });
      for (const warning of result.warnings) cli.warn(`Warning: ${warning}`);
      if (o.json) return cli.printJson(result);
      cli.print(describeImport(result));
    });
}

export function describeImport(r: ImportResult): string {
  const delimiter = r.delimiter === null ? '' : `, delimiter ${JSON.stringify(r.delimiter)}`;
  const source = `${importFormatLabel(r.format)}, ${r.encoding}${delimiter}`;
  const lines = [
    `Imported ${r.file} into ${r.connector} / ${r.segment} (${r.mode}; ${source}; identifier column "${r.idColumn}").`,
    `  rows read    ${r.rowsRead}`,
    `  rejected     ${r.rejected}${r.rejectsFile ? `  (reasons in ${r.rejectsFile})` : ''}`,
    ...(r.keptByRejects > 0 ? [`  kept as is   ${r.keptByRejects}  (members whose row was rejected: not removed, not changed)`] : []),
    `  duplicates   ${r.duplicates}  (the last row wins)`,
    `Pending for ${r.segment}: NEW ${r.pending.NEW}, MODIFIED ${r.pending.MODIFIED}, REMOVED ${r.pending.REMOVED}`,
  ];
  for (const hint of r.hints) lines.push(describeHint(hint));
  if (r.outlook) lines.push(describeOutlook(r.outlook, r.connector));
  return lines.join('\n');
}

function describeHint(hint: MappingHint): string {
  const unmapped = Object.entries(hint.unmapped).map(([v, n]) => `${v === '' ? '(empty)' : `"${v}"`} ×${n}`);
  const facts = [
    hint.leftOut ? `${hint.leftOut} empty ${hint.leftOut === 1 ? 'value' : 'values'} ${hint.applied ? 'left out' : 'would be left out'} (Deployteq keeps what it has)` : '',
    hint.sentAsUnknown ? `${hint.sentAsUnknown} sent as UNKNOWN` : '',
    hint.rejected ? `${hint.rejected} row${hint.rejected === 1 ? '' : 's'} rejected` : '',
    unmapped.length ? `cannot map ${unmapped.join(', ')}${hint.applied ? ` (map them with --value-map '${hint.column}:VALUE=TO')` : ''}` : '',
  ].filter(Boolean);
  const what = hint.applied ? `mapped as ${hint.kind}` : `looks like ${hint.kind} (apply with --map ${hint.kind}=${hint.column})`;
  return `Hint: column "${hint.column}" ${what}${facts.map((f) => `; ${f}`).join('')}`;
}
