import { Command } from 'commander';
import type { Cli } from '../cli';
import { standbySentence } from '../../main/core/delivery';
import { integer } from '../options';
import { formatEvent } from './log';
import { formatWatchEvent } from './watch';

/** Resolves on the first SIGINT or SIGTERM; `onAgain` runs on a second one (an impatient operator). */
export function untilSignal(onAgain?: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handler = (signal: NodeJS.Signals) => {
      if (received) return onAgain?.();
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export function register(program: Command, cli: Cli): void {
  program
    .command('run')
    .description('run the scheduler: flush each connector when due, until SIGINT or SIGTERM')
    .option('--grace <seconds>', 'on stop, how long the request in flight may take before it is abandoned', integer('--grace', 0, 3600), 10)
    .action(async (o: { grace: number }) => {
      const engine = cli.engine();
      const { delivery, scheduler } = engine;
      scheduler.listen({
        onError: (error) => cli.warn(`Flush failed: ${(error as Error).message}`),
        onStandby: (holder) => cli.warn(standbySentence(holder)),
        onActive: () => cli.print('This scheduler is the one sending for this data folder.'),
      });
      const unsubscribe = engine.onEvent((event) => {
        if (event.type === 'batch') cli.print(formatEvent(event.event));
        if (event.type === 'watch') cli.print(formatWatchEvent(event));
      });
      scheduler.start();
      engine.watches.start();
      cli.print(`Scheduler running for ${delivery.connectors().length} connector(s). Stop with Ctrl+C.`);
      const watched = engine.watches.list().length;
      if (watched > 0) cli.print(`Watching ${watched} folder(s) or file(s) for new exports.`);
      const signal = await untilSignal(() => void scheduler.stop({ deadlineMs: 0 }));
      cli.warn(`${signal}: stopping; a request in flight may finish for up to ${o.grace} s (press Ctrl+C again to abandon it).`);
      await Promise.all([scheduler.stop({ deadlineMs: o.grace * 1000 }), engine.watches.stop()]);
      unsubscribe();
      await delivery.close();
      cli.warn('Stopped.');
    });
}
