import { Command } from 'commander';
import type { Cli } from '../cli';
import type { BatchEventView } from '../../shared/model';
import { integer } from '../options';
import { localTime, plural } from '../../shared/time';

const time = localTime;

/** One event as one line: when, where, the HTTP status, what it carried, what it means. */
export function formatEvent(e: BatchEventView): string {
  const counts = Object.entries(e.counts)
    .map(([segment, c]) => `${segment}: ${Object.entries(c).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(' ')}`)
    .join('; ');
  return [
    time(e.at),
    e.connectorName,
    e.httpStatus ?? '-',
    e.outcome,
    e.customers ? `${plural(e.customers, 'profile')}${counts ? ` (${counts})` : ''}` : '',
    e.latencyMs !== null ? `${e.latencyMs} ms` : '',
    e.batchUuid ?? '',
    e.meaning,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

export function register(program: Command, cli: Cli): void {
  program
    .command('log')
    .description('the attempt log: every batch sent, its HTTP status and what it means')
    .option('--json', 'print JSON (one object per line with --follow)')
    .option('--limit <n>', 'how many of the latest events', integer('--limit', 1, 10_000), 50)
    .option('--connector <name>', 'only this connector')
    .option('--query <text>', 'only attempts of this batch uuid, customer (email or id), HTTP status, or with this text')
    .option('--follow', 'keep printing new events until Ctrl+C')
    .action(async (o: { json?: boolean; limit: number; connector?: string; query?: string; follow?: boolean }) => {
      const events = (await cli.handlers()['log.list']({ limit: o.limit, connector: o.connector, query: o.query })).reverse();
      if (o.json && !o.follow) return cli.printJson(events);
      const show = (e: BatchEventView) => cli.print(o.json ? JSON.stringify(e) : formatEvent(e));
      if (!o.follow && events.length === 0) return cli.print(o.query ? `No attempts match ${JSON.stringify(o.query)}.` : 'No attempts yet.');
      events.forEach(show);
      if (!o.follow) return;
      // Another process (run, the app) writes the events: follow the table.
      const engine = cli.engine();
      const { delivery } = engine;
      const connectorId = o.connector ? engine.connectors.get(o.connector).id : undefined;
      let lastId = events.at(-1)?.id ?? delivery.log({ limit: 1 })[0]?.id ?? 0;
      const timer = setInterval(() => {
        for (const e of delivery.log({ afterId: lastId, connectorId, query: o.query, limit: 1000 })) {
          show(e);
          lastId = e.id;
        }
      }, 500);
      const { untilSignal } = await import('./run');
      await untilSignal();
      clearInterval(timer);
    });
}
