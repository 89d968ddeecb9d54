import { Command } from 'commander';
import type { Cli } from '../cli';
import { exportSegment, exportSegmentTo } from '../../main/core/reconcile/export-segment';

export function register(program: Command, cli: Cli): void {
  // `segment` may hold other subcommands too (registered elsewhere): join it rather than add a second one.
  const segment = program.commands.find((c) => c.name() === 'segment') ?? program.command('segment').description('work with one segment of a connector');

  segment
    .command('export')
    .description('write what Deployteq holds for a segment (its delivered state) as CSV: customerId, params, deliveredAt')
    .requiredOption('--connector <name>', 'the connector')
    .requiredOption('--segment <name>', 'the Segment Name')
    .option('--out <file>', 'write to this file (UTF-8 with BOM) instead of standard output')
    .action(async (o: { connector: string; segment: string; out?: string }) => {
      if (o.out) {
        const result = await exportSegment(cli.engine(), { connector: o.connector, segment: o.segment }, o.out);
        cli.warn(`Exported ${result.rows} profile(s) of ${result.connector} / ${result.segment} to ${result.file}.`);
        return;
      }
      const rows = await exportSegmentTo(cli.engine(), { connector: o.connector, segment: o.segment }, process.stdout);
      cli.warn(`Exported ${rows} profile(s).`);
    });
}
