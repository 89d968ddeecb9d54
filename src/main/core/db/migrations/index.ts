import type Database from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m002DeliveryLeases } from './002-delivery-leases';
import { m003Retention } from './003-retention';
import { m004MemberState } from './004-member-state';
import { m005LogSearch } from './005-log-search';
import { m006Watches } from './006-watches';
import { m007HoldForReview } from './007-hold-for-review';
import { m008UndoAdopt } from './008-undo-adopt';
import { m009Erasures } from './009-erasures';
import { m010BatchApplied } from './010-batch-applied';
import { m011CompactMemberState } from './011-compact-member-state';
import { m012WatchMessage } from './012-watch-message';
import { m013DesiredInPending } from './013-desired-in-pending';
import { m014InFlightFromBatchItems } from './014-in-flight-from-batch-items';
import { m015StateHash } from './015-state-hash';

/** Migration N is at index N-1. Append only: a released migration never changes. */
export const migrations: ReadonlyArray<(db: Database.Database) => void> = [
  m001Initial,
  m002DeliveryLeases,
  m003Retention,
  m004MemberState,
  m005LogSearch,
  m006Watches,
  m007HoldForReview,
  m008UndoAdopt,
  m009Erasures,
  m010BatchApplied,
  m011CompactMemberState,
  m012WatchMessage,
  m013DesiredInPending,
  m014InFlightFromBatchItems,
  m015StateHash,
];
