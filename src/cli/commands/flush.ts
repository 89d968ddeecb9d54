import { Command } from 'commander';
import type { Cli } from '../cli';
import { deliveryFor } from '../../main/core/delivery';
import type { FlushReport } from '../../shared/api';

export function describeReport(report: FlushReport): string {
  const parts = [`${report.connector}: ${report.batchesSent} batch${report.batchesSent === 1 ? '' : 'es'} delivered, ${report.customersDelivered} profiles`];
  if (report.failed) parts.push(`${report.failed} failed for good`);
  if (report.halted) parts.push('HALTED');
  else if (report.paused) parts.push('paused');
  return [parts.join(', '), ...report.messages.map((m) => `  ${m}`)].join('\n');
}

export function register(program: Command, cli: Cli): void {
  program
    .command('flush')
    .description('send everything pending now, within the limits; exit 1 if a batch failed for good or a connector is halted')
    .option('--connector <name>', 'only this connector (default: all)')
    .option('--json', 'print the flush reports as JSON')
    .action(async (o: { connector?: string; json?: boolean }) => {
      const engine = cli.engine();
      try {
        if (!o.connector && engine.connectors.list().length === 0) return cli.print('No connectors yet: add one with `connector add --name N --url URL`.');
        const reports = await cli.handlers()['queue.flush']({ connector: o.connector });
        if (o.json) cli.printJson(reports);
        else reports.forEach((r) => cli.print(describeReport(r)));
        if (reports.some((r) => r.failed > 0 || r.halted)) process.exitCode = 1;
      } finally {
        // Idle keep-alive connections would otherwise hold the process open.
        await deliveryFor(engine).close();
      }
    });
}
