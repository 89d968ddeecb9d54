/**
 * The desktop shell's own settings (not the engine's): a small JSON file in the data folder, so main does
 * not open the database the engine process owns. A missing or damaged file means the defaults.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json';

export const desktopSettingsSchema = z.object({
  /** Closing the window hides it and the scheduler keeps sending; Quit in the tray ends the app. */
  keepRunningInTray: z.boolean().default(true),
});
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

export const desktopSettingsFile = (dataDir: string) => join(dataDir, DESKTOP_SETTINGS_FILE);

export function loadDesktopSettings(file: string): DesktopSettings {
  try {
    if (existsSync(file)) {
      const parsed = desktopSettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) return parsed.data;
    }
  } catch {
    // A damaged file is replaced by the defaults on the next save.
  }
  return desktopSettingsSchema.parse({});
}

export function saveDesktopSettings(file: string, settings: DesktopSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(desktopSettingsSchema.parse(settings), null, 2)}\n`);
  renameSync(temp, file);
}
