import { createEngine, type Engine } from '../main/core/engine';
import { createHandlers, type Handlers } from '../main/core/handlers';
import { defaultDataDir } from '../main/core/paths';
import { inWords } from '../main/core/db/errors';

/** What every command gets: the engine for the chosen data folder (opened on first use) and output helpers. */
export class Cli {
  private openedEngine: Engine | null = null;
  private openedHandlers: Handlers | null = null;

  constructor(private readonly dataDir: () => string | undefined) {}

  engine(): Engine {
    this.openedEngine ??= createEngine({ dataDir: this.dataDir() ?? defaultDataDir() });
    return this.openedEngine;
  }

  handlers(): Handlers {
    this.openedHandlers ??= createHandlers(this.engine());
    return this.openedHandlers;
  }

  /** The data folder, without opening the engine (restore must not open the database it replaces). */
  folder(): string {
    return this.dataDir() ?? defaultDataDir();
  }

  /** A SQLite failure as the sentence about this data folder (see db/errors.ts). */
  inWords(error: unknown): unknown {
    return inWords(error, this.dataDir() ?? defaultDataDir());
  }

  print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.print(JSON.stringify(value, null, 2));
  }

  warn(text: string): void {
    process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Finishes what the engine has in flight and closes it, connections included, so the process can exit. */
  async close(): Promise<void> {
    await this.openedEngine?.shutdown(0);
    this.openedEngine = null;
    this.openedHandlers = null;
  }
}

/** Lays out rows as an aligned plain-text table with a header. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}
