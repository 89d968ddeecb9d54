import { Command } from 'commander';
import type { Cli } from '../cli';
import type { FlushReport } from '../../shared/api';
import { plural } from '../../shared/time';

export function describeReport(report: FlushReport): string {
  const parts = [`${report.connector}: ${plural(report.batchesSent, 'batch', 'batches')} delivered, ${plural(report.customersDelivered, 'profile')}`];
  if (report.retrying) parts.push(`${plural(report.retrying, 'batch', 'batches')} waiting for a retry`);
  if (report.failed) parts.push(`${report.failed} failed for good`);
  if (report.halted) parts.push('HALTED');
  else if (report.paused) parts.push('paused');
  return [parts.join(', '), ...report.messages.map((m) => `  ${m}`)].join('\n');
}

/** Why a flush did not deliver all it tried, one line per reason (empty: everything it tried went through). */
export const problemsOf = (reports: FlushReport[]) => reports.flatMap((r) => r.problems ?? []);

export function register(program: Command, cli: Cli): void {
  program
    .command('flush')
    .description('send everything pending now, within the limits; exit 1 unless all it tried was delivered (a retry, a failure, a halted or paused connector)')
    .option('--connector <name>', 'only this connector (default: all)')
    .option('--json', 'print the flush reports as JSON')
    .action(async (o: { connector?: string; json?: boolean }) => {
      const engine = cli.engine();
      try {
        if (!o.connector && engine.connectors.list().length === 0) return cli.print('No connectors yet: add one with `connector add --name N --url URL`.');
        const reports = await cli.handlers()['queue.flush']({ connector: o.connector });
        if (o.json) cli.printJson(reports);
        else reports.forEach((r) => cli.print(describeReport(r)));
        const problems = problemsOf(reports);
        problems.forEach((line) => cli.warn(line));
        if (problems.length > 0) process.exitCode = 1;
      } finally {
        // Idle keep-alive connections would otherwise hold the process open.
        await engine.delivery.close();
      }
    });
}
