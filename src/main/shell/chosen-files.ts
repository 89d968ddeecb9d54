/**
 * The files the operator gave the desktop window: picked in its file dialog or dropped on it. The preload
 * resolves such a File to its path (webUtils.getPathForFile, which only a real dropped or picked file has)
 * and tells main; an `imports.*` call naming any other path is refused before it reaches the engine, so a
 * compromised page cannot make the engine read the secrets file or anything else on the machine.
 */
import { resolve } from 'node:path';
import type { ApiErrorShape } from '../../shared/api';
import { refuseFileAccess } from '../core/file-access';

/** How many chosen paths are remembered: a session picks a handful; the oldest go first. */
const MAX_REMEMBERED = 200;

export class ChosenFiles {
  private readonly paths = new Set<string>();

  /** Remembers a path the operator chose; refuses what is not an absolute path. */
  add(path: unknown): boolean {
    if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || resolve(path) !== path) return false;
    this.paths.delete(path);
    this.paths.add(path);
    if (this.paths.size > MAX_REMEMBERED) this.paths.delete(this.paths.values().next().value!);
    return true;
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** Why main refuses this call (null: it may go to the engine). */
  refuse(method: string, input: unknown): ApiErrorShape | null {
    return refuseFileAccess(method, input, (path) => this.has(path), 'chose in the file dialog or dropped on this window');
  }
}
