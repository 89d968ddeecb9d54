import { Command } from 'commander';
import type { Cli } from '../cli';
import type { PayloadPreview } from '../../shared/model';

export function describeCounts(counts: PayloadPreview['counts']): string {
  return Object.entries(counts)
    .map(([segment, c]) => `${segment}: NEW ${c.NEW}, MODIFIED ${c.MODIFIED}, REMOVED ${c.REMOVED}`)
    .join('; ');
}

export function register(program: Command, cli: Cli): void {
  program
    .command('preview')
    .description('show the exact body of the next request and the URL it goes to (token redacted)')
    .requiredOption('--connector <name>', 'the connector')
    .option('--json', 'print the preview as JSON')
    .action(async (o: { connector: string; json?: boolean }) => {
      const preview = await cli.handlers()['preview.next']({ connector: o.connector });
      if (o.json) return cli.printJson(preview);
      const held = preview.heldForReview ?? [];
      held.forEach((sentence) => cli.print(sentence));
      if (preview.body === null) return cli.print(`Nothing to send for "${preview.connector}": ${held.length ? 'nothing else is pending' : 'its queue is empty'}.`);
      cli.print(`POST ${preview.url}`);
      cli.print(`${preview.customers} profiles, ${preview.bytes} bytes (${describeCounts(preview.counts)})`);
      cli.print(
        preview.schemaErrors.length === 0
          ? 'The body matches the payload schema.'
          : `The body does NOT match the payload schema:\n  ${preview.schemaErrors.join('\n  ')}`,
      );
      cli.print(JSON.stringify(preview.body, null, 2));
    });
}
