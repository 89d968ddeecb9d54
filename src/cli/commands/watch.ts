import { Command } from 'commander';
import type { Cli } from '../cli';
import { table } from '../cli';
import { integer, list, oneOf } from '../options';
import { encodingName, mapping, valueMap } from './import';
import { DATE_ORDERS } from '../../shared/model';
import type { EngineEvent } from '../../shared/api';
import type { WatchView } from '../../shared/model';

export function register(program: Command, cli: Cli): void {
  const watch = program.command('watch').description('watch a folder or file: each new or replaced export is imported into a segment (by run, serve and the app)');

  watch
    .command('add')
    .description('watch a folder (with --pattern) or one file; files already there are left alone')
    .requiredOption('--connector <name>', 'the connector that sends the segment')
    .requiredOption('--segment <name>', 'the Segment Name the files fill')
    .requiredOption('--path <path>', 'a folder, or one file (its folder must exist)')
    .option('--pattern <glob>', 'for a folder: the file names to import, * for any characters, ? for one (case ignored)')
    .option('--mode <mode>', 'snapshot (the whole membership) or delta (an action column)', oneOf('--mode', ['snapshot', 'delta'] as const), 'snapshot')
    .option('--id-column <column>', 'the identifier column (detected from the header when absent)')
    .option('--columns <a,b,c>', 'the columns to send as profile variables (all others when absent)', list)
    .option('--map <kind=column,...>', 'apply Deployteq value mapping: gender=COL,optin=COL,optout=COL,yesno=COL', mapping)
    .option('--value-map <COL:FROM=TO,...>', "send FROM as TO in a mapped column, or 'reject' its rows (repeatable), as import takes it", valueMap)
    .option('--encoding <name>', 'read the files in this encoding instead of the detected one', encodingName)
    .option('--date-order <order>', 'n/n/yyyy dates day first (dmy) or month first (mdy), where the values do not decide it', oneOf('--date-order', DATE_ORDERS))
    .option('--json', 'print the watch as JSON')
    .action(async (o) => {
      const added = await cli.handlers()['watches.add']({
        connector: o.connector,
        segment: o.segment,
        path: o.path,
        pattern: o.pattern,
        mode: o.mode,
        idColumn: o.idColumn,
        columns: o.columns,
        map: o.map,
        valueMaps: o.valueMap,
        encoding: o.encoding,
        dateOrder: o.dateOrder,
      });
      if (o.json) return cli.printJson(added);
      cli.print(`Added watch ${added.id}: ${describeTarget(added)} → ${added.connector} / ${added.segment} (${added.options.mode}).`);
      cli.warn('Files already there are left alone. Imports happen while `run`, `serve` or the app is running.');
    });

  watch
    .command('list')
    .description('list watches with the last file each handled and what came of it')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const watches = await cli.handlers()['watches.list']({});
      if (o.json) return cli.printJson(watches);
      if (watches.length === 0) return cli.print('No watches yet: add one with `watch add --connector N --segment S --path P`.');
      cli.print(
        table(
          ['ID', 'CONNECTOR', 'SEGMENT', 'MODE', 'WATCHES', 'LAST FILE', 'RESULT', 'WHEN'],
          watches.map((w) => [
            w.id,
            w.connector,
            w.segment,
            w.options.mode ?? 'detected',
            describeTarget(w),
            w.last?.path ?? '-',
            w.last ? `${w.last.result}: ${w.last.message}` : '-',
            w.last ? new Date(w.last.handledAt).toISOString() : '-',
          ]),
        ),
      );
    });

  watch
    .command('remove')
    .description('remove a watch, by its id (see `watch list`) or by --connector and --segment')
    .argument('[id]', 'the watch id', integer('the watch id', 1))
    .option('--connector <name>', 'with --segment: the watch of this segment')
    .option('--segment <name>', 'with --connector')
    .action(async (id: number | undefined, o: { connector?: string; segment?: string }, command: Command) => {
      const bySegment = o.connector !== undefined || o.segment !== undefined;
      // command.error prints the sentence and exits 2 (a usage error), like commander's own checks.
      if (id !== undefined && bySegment) command.error('Give the watch id, or --connector and --segment, not both.', { exitCode: 2 });
      if (id === undefined && !(o.connector && o.segment)) command.error('Give the watch id, or both --connector and --segment.', { exitCode: 2 });
      const removed = await cli.handlers()['watches.remove'](id !== undefined ? { id } : { connector: o.connector!, segment: o.segment! });
      cli.print(`Removed watch ${removed.id}: ${describeTarget(removed)} → ${removed.connector} / ${removed.segment}.`);
    });
}

function describeTarget(w: WatchView): string {
  return w.kind === 'folder' ? `${w.path}${w.pattern ? ` (${w.pattern})` : ' (every file)'}` : w.path;
}

/** One line for `run`'s output when a watch handled a file. */
export function formatWatchEvent(event: Extract<EngineEvent, { type: 'watch' }>): string {
  const w = event.watch;
  const where = `Watch ${w.id} (${w.connector} / ${w.segment})`;
  if (event.problem) return `${where}: ${event.problem}`;
  if (!w.last) return `${where}: nothing handled yet.`;
  return `${where}: ${w.last.result} ${w.last.path}: ${w.last.message}`;
}
