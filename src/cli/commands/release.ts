import type { Command } from 'commander';
import type { Cli } from '../cli';

/** `release --connector N`: lets go what "Hold new changes for review" held (the Queue's Release button). */
export function register(program: Command, cli: Cli): void {
  program
    .command('release')
    .description('release the changes a connector holds for review; they are then sent like any pending change')
    .requiredOption('--connector <name>', 'the connector whose held changes go')
    .option('--json', 'print JSON')
    .action(async (o: { connector: string; json?: boolean }) => {
      const released = await cli.handlers()['queue.release']({ connector: o.connector });
      if (o.json) return cli.printJson(released);
      cli.print(released.message);
    });
}
