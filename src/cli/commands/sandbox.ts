import { Command, InvalidArgumentError } from 'commander';
import type { Cli } from '../cli';
import { startSandbox } from '../../main/core/sandbox';
import { integer } from '../options';
import { untilSignal } from './run';

const rate = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('--fail-rate must be a number from 0 to 1.');
  return n;
};

export function register(program: Command, cli: Cli): void {
  program
    .command('sandbox')
    .description('a local stand-in for the Deployteq webhook receiver, to try the whole flow without an account')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)', integer('--port', 0, 65535), 0)
    .option('--token <token>', 'the token it accepts (default: a random one)')
    .option('--fail-rate <x>', 'share of requests answered 500, from 0 to 1', rate, 0)
    .option('--daily-limit <n>', 'requests per day before 429 (0: unlimited)', integer('--daily-limit', 0), 0)
    .option('--data-file <file>', 'keep the received membership in this JSON file across restarts')
    .action(async (o: { port: number; token?: string; failRate: number; dailyLimit: number; dataFile?: string }) => {
      const sandbox = await startSandbox({ port: o.port, token: o.token, failRate: o.failRate, dailyLimit: o.dailyLimit, dataFile: o.dataFile });
      cli.print(`Sandbox receiver listening on 127.0.0.1:${sandbox.port}.`);
      cli.print(`Webhook URL to paste: ${sandbox.url}`);
      cli.print(`  e.g. connector add --name Sandbox --url '${sandbox.url}'`);
      cli.print(`Segment membership: http://127.0.0.1:${sandbox.port}/  (JSON: /state). Stop with Ctrl+C.`);
      await untilSignal();
      await sandbox.close();
    });
}
