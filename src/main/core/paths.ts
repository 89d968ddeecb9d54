import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Canopy Batch';
export const APP_VERSION = '0.1.0';

/**
 * The per-user application-data folder, the same one Electron's app.getPath('userData') gives the desktop
 * app, so the CLI and the app share one queue: ~/.config/Canopy Batch, ~/Library/Application Support/…,
 * %APPDATA%\…. CANOPY_BATCH_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CANOPY_BATCH_DATA_DIR) return env.CANOPY_BATCH_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

export const dataFiles = (dataDir: string) => ({
  database: join(dataDir, 'canopy-batch.db'),
  secrets: join(dataDir, 'secrets.json'),
  rejects: join(dataDir, 'rejects'),
  uploads: join(dataDir, 'uploads'),
  backups: join(dataDir, 'backups'),
});
