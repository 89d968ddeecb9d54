import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src/main/core/engine';
import { createHandlers, type Handlers } from '../../src/main/core/handlers';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { tempDir } from './temp-db';

/** A real engine on a fresh data folder, the handlers every transport calls, and a sandbox receiver on loopback. */
export interface EngineWithSandbox {
  sandbox: Sandbox;
  dir: string;
  engine: Engine;
  api: Handlers;
  /** Stops the engine and the receiver, and deletes the data folder. */
  close(): Promise<void>;
}

export async function engineWithSandbox(token: string): Promise<EngineWithSandbox> {
  const sandbox = await startSandbox({ token });
  const { dir, cleanup } = tempDir();
  const engine = createEngine({ dataDir: dir });
  return {
    sandbox,
    dir,
    engine,
    api: createHandlers(engine),
    close: async () => {
      await engine.shutdown(0);
      await sandbox.close();
      cleanup();
    },
  };
}

/** A customer-id export of `n` profiles (customerId, firstName "Name<id>"), ids from `from`. */
export function customerIdExport(dir: string, name: string, n: number, from = 1): string {
  const file = join(dir, name);
  const lines = ['customerId,firstName'];
  for (let i = from; i < from + n; i++) lines.push(`${i},Name${i}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
