#!/usr/bin/env node
/**
 * canopy-batch: the engine from a terminal. Exit status 0 on success, 1 on failure, 2 on a usage error;
 * errors go to stderr in one clear sentence.
 */
import { Command, CommanderError } from 'commander';
import { Cli } from './cli';
import { toApiError } from '../main/core/handlers';
import { UserError } from '../main/core/errors';
import { register as connector } from './commands/connector';
import { register as importCommand } from './commands/import';
import { register as status } from './commands/status';
import { register as preview } from './commands/preview';
import { register as flush } from './commands/flush';
import { register as run } from './commands/run';
import { register as log } from './commands/log';
import { register as sandbox } from './commands/sandbox';
import { register as serve } from './commands/serve';
import { register as backup } from './commands/backup';
import { register as watch } from './commands/watch';
import { register as segmentExport } from './commands/segment-export';
import { register as release } from './commands/release';
import { register as forget } from './commands/forget';
import { register as undoAdopt } from './commands/undo-adopt';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function buildProgram(cli: Cli): Command {
  const program = new Command('canopy-batch')
    .description('Keep Deployteq segments in step through the Webhook Receiver, in batches.')
    .option('--data-dir <dir>', 'the data folder (default: the app-data folder, or CANOPY_BATCH_DATA_DIR)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  for (const register of [connector, importCommand, status, preview, flush, run, log, sandbox, serve, backup, watch, segmentExport, release, forget, undoAdopt]) register(program, cli);
  // Subcommands report usage errors through the same override.
  const override = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // The engine opens lazily, after parsing, so the closure sees the parsed --data-dir.
  const cli = new Cli(() => program.opts<{ dataDir?: string }>().dataDir);
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = toApiError(cli.inWords(error)).message;
    process.stderr.write(`${message}\n`);
    if (!(error instanceof UserError) && process.env.CANOPY_BATCH_DEBUG) console.error(error);
    return EXIT.failure;
  } finally {
    await cli.close();
  }
}

/**
 * Output into a closed pipe (`preview | head`, `log --follow | grep -m1 …`) ends the command quietly with status 0,
 * as Unix tools do, instead of an EPIPE stack trace. Exiting at once is safe: every change is one SQLite transaction,
 * and a batch already on the wire is resent with the same uuid by the next flush.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WritableStream, exit: () => void = () => process.exit(EXIT.ok)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit();
  });
}

endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
