import { Command, InvalidArgumentError } from 'commander';
import type { Cli } from '../cli';
import { list, oneOf } from '../options';
import { MAPPING_KINDS, type ImportResult, type MappingKind } from '../../shared/model';

/** `--map gender=Geslacht,optin=Nieuwsbrief` → { gender: 'Geslacht', optin: 'Nieuwsbrief' } */
function mapping(value: string): Partial<Record<MappingKind, string>> {
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

export function register(program: Command, cli: Cli): void {
  program
    .command('import')
    .description('import a segment export (CSV or NDJSON) and work out NEW / MODIFIED / REMOVED')
    .argument('<file>', 'the export file')
    .requiredOption('--connector <name>', 'the connector that sends this segment')
    .requiredOption('--segment <name>', 'the Segment Name sent to Deployteq')
    .option('--mode <mode>', 'snapshot (the whole membership) or delta (an action column)', oneOf('--mode', ['snapshot', 'delta'] as const), 'snapshot')
    .option('--id-column <column>', 'the identifier column (detected from the header when absent)')
    .option('--columns <a,b,c>', 'the columns to send as profile variables (all others when absent)', list)
    .option('--map <kind=column,...>', 'apply Deployteq value mapping: gender=COL,optin=COL,yesno=COL', mapping)
    .option('--json', 'print the result as JSON')
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
        ...(o.allowRemovals ? { allowRemovals: true } : {}),
      });
      if (o.json) return cli.printJson(result);
      cli.print(describeImport(result));
    });
}

export function describeImport(r: ImportResult): string {
  const source = r.format === 'csv' ? `CSV, ${r.encoding}, delimiter ${JSON.stringify(r.delimiter)}` : `NDJSON, ${r.encoding}`;
  const lines = [
    `Imported ${r.file} into ${r.connector} / ${r.segment} (${r.mode}; ${source}; identifier column "${r.idColumn}").`,
    `  rows read    ${r.rowsRead}`,
    `  rejected     ${r.rejected}${r.rejectsFile ? `  (reasons in ${r.rejectsFile})` : ''}`,
    ...(r.keptByRejects > 0 ? [`  kept as is   ${r.keptByRejects}  (members whose row was rejected: not removed, not changed)`] : []),
    `  duplicates   ${r.duplicates}  (the last row wins)`,
    `Pending for ${r.segment}: NEW ${r.pending.NEW}, MODIFIED ${r.pending.MODIFIED}, REMOVED ${r.pending.REMOVED}`,
  ];
  for (const hint of r.hints) {
    const unmapped = Object.entries(hint.unmapped).map(([v, n]) => `"${v}" ×${n}`);
    const what = hint.applied ? 'mapped' : 'looks like';
    lines.push(
      `Hint: column "${hint.column}" ${what} ${hint.kind}` +
        (hint.applied ? '' : ` (apply with --map ${hint.kind}=${hint.column})`) +
        (hint.defaulted ? `; ${hint.defaulted} empty → Y (Deployteq's default)` : '') +
        (unmapped.length ? `; cannot map ${unmapped.join(', ')}` : ''),
    );
  }
  return lines.join('\n');
}
