import type Database from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m002DeliveryLeases } from './002-delivery-leases';
import { m004Retention } from './004-retention';
import { m005MemberState } from './005-member-state';
import { m008Watches } from './008-watches';
import { m009HoldForReview } from './009-hold-for-review';
import { m010UndoAdopt } from './010-undo-adopt';

/** Migration N is at index N-1. Append only: a released migration never changes. */
export const migrations: ReadonlyArray<(db: Database.Database) => void> = [m001Initial, m002DeliveryLeases, m004Retention, m005MemberState, m008Watches, m009HoldForReview, m010UndoAdopt];
