import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { Cli } from '../cli';
import { integer } from '../options';
import { startConsole } from '../../main/core/console/server';
import { dataFiles } from '../../main/core/paths';
import { ensureScreensBuilt } from '../build-screens';
import { untilSignal } from './run';
import { standbySentence } from '../../main/core/delivery';

/** The package's own folder: the nearest one up with a package.json. */
function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The built screens: out/renderer in the package (npm run build, the renderer-only vite config, or serve itself). */
export function defaultStaticDir(from?: string): string {
  return join(packageRoot(from), 'out', 'renderer');
}

export function register(program: Command, cli: Cli): void {
  program
    .command('serve')
    .description('serve the screens in a browser on this computer (loopback only, secret per launch) and run the scheduler')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)', integer('--port', 0, 65535), 0)
    .option('--static-dir <dir>', 'the built screens (default: out/renderer of this package)')
    .option('--no-scheduler', 'serve the screens only; flush by hand')
    .action(async (o: { port: number; staticDir?: string; scheduler: boolean }) => {
      const staticDir = resolve(o.staticDir ?? defaultStaticDir());
      ensureScreensBuilt(packageRoot(), staticDir, (line) => cli.warn(line));
      const engine = cli.engine();
      const server = await startConsole({
        handlers: cli.handlers() as unknown as Record<string, (input: unknown) => Promise<unknown>>,
        onEvent: (listener) => engine.onEvent(listener),
        uploadDir: dataFiles(engine.dataDir).uploads,
        staticDir,
        port: o.port,
      });
      if (o.scheduler) engine.scheduler.start();
      if (o.scheduler) engine.watches.start();
      cli.print(`Canopy Batch console: ${server.url}`);
      const standingBy = engine.scheduler.standingBy;
      if (standingBy) cli.warn(standbySentence(standingBy));
      cli.warn(
        `Open that address in a browser on this computer; it carries this launch's secret, so keep it to yourself. ` +
          `${o.scheduler ? 'The scheduler is running. ' : ''}Stop with Ctrl+C.`,
      );
      const signal = await untilSignal(() => void engine.scheduler.stop({ deadlineMs: 0 }));
      cli.warn(`${signal}: stopping; a request in flight may finish (press Ctrl+C again to abandon it).`);
      await server.close();
      await engine.shutdown(10_000);
    });
}
