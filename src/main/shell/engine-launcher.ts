/**
 * Starts the engine in an Electron utility process and keeps it running: if it stops unexpectedly it is
 * started again (at most 3 times a minute), and waiting requests fail with a sentence instead of hanging.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { EngineEvent } from '../../shared/api';
import type { SecretStore } from '../core/secrets/secret-store';
import { EngineClient } from '../bridge/engine-client';
import { SHUTDOWN_DEADLINE_MS } from '../bridge/engine-protocol';

export interface EngineLauncherOptions {
  modulePath: string;
  dataDir: string;
  secrets: SecretStore;
  /** better-sqlite3's native module for Electron (native-binding.ts); undefined: the installed one. */
  nativeBinding?: string;
  onEvent: (event: EngineEvent) => void;
  /** The engine cannot run (it could not start, or keeps stopping): the sentence says why. */
  onFatal: (message: string) => void;
}

const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS = 3;

export class EngineLauncher {
  private child: UtilityProcess | null = null;
  private client: EngineClient | null = null;
  private stopping = false;
  private restarts: number[] = [];

  constructor(private readonly options: EngineLauncherOptions) {}

  start(): EngineClient {
    const child = utilityProcess.fork(this.options.modulePath, [], { serviceName: 'Canopy Batch engine', stdio: 'inherit' });
    const client = new EngineClient(
      {
        postMessage: (message) => child.postMessage(message),
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', listener),
      },
      {
        dataDir: this.options.dataDir,
        secrets: this.options.secrets,
        nativeBinding: this.options.nativeBinding,
        onEvent: this.options.onEvent,
        onFatal: this.options.onFatal,
      },
    );
    child.on('exit', (code) => this.exited(child, code));
    this.child = child;
    this.client = client;
    return client;
  }

  /** The running engine's client (a stopped one answers every request with an error). */
  get engine(): EngineClient {
    return this.client ?? this.start();
  }

  wake(): void {
    this.client?.wake();
  }

  /** Stops the scheduler and closes the database; kills the process if it does not exit in time. */
  async stop(timeoutMs = SHUTDOWN_DEADLINE_MS + 3_000): Promise<void> {
    this.stopping = true;
    if (!this.client || !this.child) return;
    const exited = await this.client.shutdown(timeoutMs);
    if (!exited) this.child.kill();
  }

  private exited(child: UtilityProcess, code: number): void {
    if (this.stopping || child !== this.child) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    if (this.restarts.length >= MAX_RESTARTS) {
      this.options.onFatal(`The engine process stopped ${MAX_RESTARTS + 1} times within a minute (last exit code ${code}); restart Canopy Batch.`);
      return;
    }
    this.restarts.push(now);
    console.error(`[main] the engine process exited with code ${code}; starting it again`);
    this.start();
  }
}
