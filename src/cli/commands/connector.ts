import { Command } from 'commander';
import type { Cli } from '../cli';
import { table } from '../cli';
import { integer } from '../options';
import { withSettingOptions } from './connector-options';
import { registerEdit } from './connector-edit';
import { formatSendTime } from '../../shared/send-time';

export function register(program: Command, cli: Cli): void {
  const connector = program.command('connector').description('add, edit, list and remove Deployteq webhook connectors');

  const add = connector
    .command('add')
    .description('add a connector; a pasted webhook URL with ?token= is split into endpoint and token')
    .requiredOption('--name <name>', 'display name, unique')
    .requiredOption('--url <url>', 'the webhook URL from Deployteq (with or without ?token=)')
    .option('--token <token>', 'the token, when the URL does not carry it');
  withSettingOptions(add, 'add')
    .action(async (o) => {
      const saved = await cli.handlers()['connectors.create']({
        name: o.name,
        url: o.url,
        token: o.token,
        identifierType: o.identifier,
        partnerNumber: o.partner,
        batchSize: o.batchSize,
        flushIntervalMinutes: o.interval,
        dailyLimit: o.dailyLimit,
        authMode: o.auth,
        cron: o.cron,
        holdForReview: o.holdForReview,
      });
      for (const notice of saved.notices) cli.warn(`Note: ${notice}`);
      const c = saved.connector;
      cli.print(`Added connector "${c.name}": ${c.endpoint} (token ${c.tokenMasked}, ${c.customerType}, partner ${c.partnerNumber}).`);
    });

  registerEdit(connector, cli);

  connector
    .command('list')
    .description('list connectors (tokens masked)')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const connectors = await cli.handlers()['connectors.list']({});
      if (o.json) return cli.printJson(connectors);
      if (connectors.length === 0) return cli.print('No connectors yet: add one with `connector add --name N --url URL`.');
      cli.print(
        table(
          ['NAME', 'STATE', 'IDENTIFIER', 'PARTNER', 'BATCH', 'EVERY', 'DAILY LIMIT', 'TOKEN', 'SEGMENTS', 'ENDPOINT'],
          connectors.map((c) => [
            c.name,
            c.state,
            c.customerType,
            c.partnerNumber,
            c.batchSize,
            `${c.flushIntervalMinutes} min`,
            c.dailyLimit === 0 ? 'none' : c.dailyLimit,
            c.tokenMasked,
            c.segments.map((s) => s.name).join(', ') || '-',
            c.endpoint,
          ]),
        ),
      );
      for (const c of connectors.filter((c) => c.cron)) {
        const schedule = await cli.handlers()['schedule.describe']({ cron: c.cron! });
        const next = schedule.next.map(formatSendTime).join(', ');
        const words = schedule.description ? schedule.description[0].toLowerCase() + schedule.description.slice(1) : `never: ${schedule.error}`;
        cli.print(`${c.name} sends ${words}${next ? `; next: ${next}` : ''}.`);
      }
    });

  connector
    .command('remove')
    .description('remove a connector, its segments and its queue')
    .requiredOption('--name <name>', 'the connector to remove')
    .action(async (o) => {
      const { removed } = await cli.handlers()['connectors.remove']({ connector: o.name });
      cli.print(`Removed connector "${removed}".`);
    });

  connector
    .command('guard')
    .description('the share of a segment a snapshot may remove without --allow-removals (default 25%)')
    .requiredOption('--name <name>', 'the connector')
    .requiredOption('--segment <name>', 'the segment')
    .requiredOption('--percent <n>', 'a percentage from 0 to 100', integer('--percent', 0, 100))
    .action(async (o: { name: string; segment: string; percent: number }) => {
      await cli.handlers()['segments.setRemovalGuard']({ connector: o.name, segment: o.segment, percent: o.percent });
      cli.print(`A snapshot of ${o.segment} (${o.name}) that removes more than ${o.percent}% of its members, and at least 50, now asks first.`);
    });
}
