import { Command } from 'commander';
import type { Cli } from '../cli';
import { table } from '../cli';
import { describeHolder } from '../../main/core/delivery';

export function register(program: Command, cli: Cli): void {
  program
    .command('status')
    .description('pending changes per connector and segment, by status')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const summary = await cli.handlers()['queue.pending']({});
      if (o.json) return cli.printJson(summary);
      if (summary.length === 0) return cli.print('Nothing to send: no segments yet. Import a file with `import FILE --connector N --segment S`.');
      cli.print(
        table(
          ['CONNECTOR', 'SEGMENT', 'NEW', 'MODIFIED', 'REMOVED', 'IN FLIGHT', 'HELD', 'HELD FOR REVIEW'],
          summary.map((s) => [s.connectorName, s.segmentName, s.counts.NEW, s.counts.MODIFIED, s.counts.REMOVED, s.inFlight, s.held, s.heldForReview ?? 0]),
        ),
      );
      for (const queue of await cli.handlers()['queue.status']({})) {
        if (queue.sendingBy) cli.print(`${queue.connectorName}: ${describeHolder(queue.sendingBy)} is sending it now.`);
      }
      const held = [...new Set(summary.filter((s) => (s.heldForReview ?? 0) > 0).map((s) => s.connectorName))];
      for (const name of held) cli.print(`Changes of ${name} are held for review: nothing of them is sent until \`release --connector ${name}\`.`);
    });
}
