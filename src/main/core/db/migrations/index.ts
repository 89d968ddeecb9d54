import type Database from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m007LogSearch } from './007-log-search';

/** Migration N is at index N-1. Append only: a released migration never changes. */
export const migrations: ReadonlyArray<(db: Database.Database) => void> = [m001Initial, m007LogSearch];
