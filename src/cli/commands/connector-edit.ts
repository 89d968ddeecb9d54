import type { Command } from 'commander';
import type { Cli } from '../cli';
import { type ConnectorPatch, type ConnectorView } from '../../shared/model';
import { withSettingOptions } from './connector-options';

/** How each setting reads in the line that says what changed. */
const SHOWN: Array<[string, (c: ConnectorView) => string | number]> = [
  ['name', (c) => c.name],
  ['endpoint', (c) => c.endpoint],
  ['token', (c) => c.tokenMasked],
  ['identifier', (c) => c.customerType],
  ['partner', (c) => c.partnerNumber],
  ['batch size', (c) => c.batchSize],
  ['interval', (c) => `${c.flushIntervalMinutes} min`],
  ['daily limit', (c) => (c.dailyLimit === 0 ? 'none' : c.dailyLimit)],
  ['auth', (c) => c.authMode],
  ['cron', (c) => c.cron ?? 'none'],
  ['state', (c) => c.state],
  ['hold for review', (c) => (c.holdForReview ? 'on' : 'off')],
];

/** `connector edit`: changes only the settings given; the others keep their values. */
export function registerEdit(connector: Command, cli: Cli): void {
  const edit = connector
    .command('edit')
    .description('change a connector: only the options given change; a pasted webhook URL with ?token= is split')
    .requiredOption('--name <name>', 'the connector to change')
    .option('--new-name <name>', 'a new display name')
    .option('--url <url>', 'a new webhook URL (with or without ?token=)')
    .option('--token <token>', 'a new token; lifts a halt caused by a refused token');
  withSettingOptions(edit, 'edit')
    .action(async (o, command: Command) => {
      const patch = patchFromOptions(o);
      if (Object.keys(patch).length === 0) {
        command.error('Nothing to change: give at least one of --new-name, --url, --token, --identifier, --partner, --batch-size, --interval, --daily-limit, --auth, --cron, --hold-for-review.', {
          exitCode: 2,
          code: 'canopy.nothingToChange',
        });
      }
      const before = (await cli.handlers()['connectors.list']({})).find((c) => c.name.toLowerCase() === String(o.name).trim().toLowerCase());
      const saved = await cli.handlers()['connectors.update']({ connector: o.name, patch });
      for (const notice of saved.notices) cli.warn(`Note: ${notice}`);
      cli.print(`Changed connector "${saved.connector.name}": ${describeChanges(before, saved.connector, patch)}.`);
    });
}

/** Only the options given become the patch: an option left out must not reach the engine, not even as undefined. */
function patchFromOptions(o: Record<string, unknown>): ConnectorPatch {
  const patch: ConnectorPatch = {};
  const given = (key: string) => o[key] !== undefined;
  if (given('newName')) patch.name = o.newName as string;
  if (given('url')) patch.url = o.url as string;
  if (given('token')) patch.token = o.token as string;
  if (given('identifier')) patch.identifierType = o.identifier as ConnectorPatch['identifierType'];
  if (given('partner')) patch.partnerNumber = o.partner as number;
  if (given('batchSize')) patch.batchSize = o.batchSize as number;
  if (given('interval')) patch.flushIntervalMinutes = o.interval as number;
  if (given('dailyLimit')) patch.dailyLimit = o.dailyLimit as number;
  if (given('auth')) patch.authMode = o.auth as ConnectorPatch['authMode'];
  if (given('cron')) patch.cron = cronOption(o.cron as string);
  if (given('holdForReview')) patch.holdForReview = o.holdForReview as boolean;
  return patch;
}

/** An empty expression removes the fixed send times (back to the interval). */
const cronOption = (value: string): string | null => (value.trim() === '' ? null : value);

function describeChanges(before: ConnectorView | undefined, after: ConnectorView, patch: ConnectorPatch): string {
  if (!before) return 'saved';
  const changes = SHOWN.filter(([, show]) => show(before) !== show(after)).map(([label, show]) => `${label} ${show(before)} → ${show(after)}`);
  // A new token that ends like the old one masks the same: still say it was replaced.
  const tokenGiven = patch.token !== undefined || /[?&]token=/i.test(patch.url ?? '');
  if (tokenGiven && before.tokenMasked === after.tokenMasked) changes.push(`token replaced (${after.tokenMasked})`);
  return changes.length > 0 ? changes.join(', ') : 'nothing differed from what it had';
}
