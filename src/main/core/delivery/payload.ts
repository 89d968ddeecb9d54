import { IDENTIFIER_INFO, type ChangeStatus, type IdentifierType, type StatusCounts } from '../../../shared/model';

/** One customer change as a batch carries it; `params` is the stored JSON text of Param[] (`[]` for REMOVED). */
export interface BatchItem {
  segmentId: number;
  segmentName: string;
  customerId: string;
  status: ChangeStatus;
  params: string;
  paramsHash: string;
}

export type BatchCounts = Record<string, StatusCounts>;

export interface BuiltBody {
  text: string;
  bytes: number;
  customers: number;
  counts: BatchCounts;
}

export const customerTypeOf = (identifierType: IdentifierType) => IDENTIFIER_INFO[identifierType].customerType;

/**
 * The customer as it appears in the body. Built from the stored params text (already `JSON.stringify` of
 * `{name, type, value}` objects), so the body equals `JSON.stringify` of the object the schema describes.
 */
const customerJson = (item: BatchItem) =>
  `{"customerId":${JSON.stringify(item.customerId)},"r42Status":"${item.status}","params":${item.params}}`;

const campaignHead = (segmentName: string) => `{"segmentName":${JSON.stringify(segmentName)},"customers":[`;

/**
 * The exact request body for these items: `{ uuid, customerType, campaigns: [{ segmentName, customers }] }`,
 * campaigns in order of first appearance, customers in queue order.
 *
 * All the pieces are joined once, into one flat string. Joining each campaign and then wrapping it made the
 * 200 KB text twice (the wrapping left a rope, which `Buffer.byteLength` flattened into a new copy): each copy
 * is a large object on fresh memory, and together they were a third of the freeze's JavaScript time.
 */
export function buildBody(uuid: string, customerType: string, items: readonly BatchItem[]): BuiltBody {
  const groups = new Map<string, string[]>();
  const counts: BatchCounts = {};
  for (const item of items) {
    let customers = groups.get(item.segmentName);
    if (!customers) {
      groups.set(item.segmentName, (customers = []));
      counts[item.segmentName] = { NEW: 0, MODIFIED: 0, REMOVED: 0 };
    }
    customers.push(customerJson(item));
    counts[item.segmentName][item.status]++;
  }
  const parts = [`{"uuid":${JSON.stringify(uuid)},"customerType":${JSON.stringify(customerType)},"campaigns":[`];
  for (const [segmentName, customers] of groups) {
    if (parts.length > 1) parts.push(',');
    parts.push(campaignHead(segmentName));
    customers.forEach((customer, i) => (i === 0 ? parts.push(customer) : parts.push(',', customer)));
    parts.push(']}');
  }
  parts.push(']}');
  const text = parts.join('');
  return { text, bytes: Buffer.byteLength(text), customers: items.length, counts };
}

/**
 * How many of the items, taken in order, fit in a body of at most maxBytes. At least one, so an oversized
 * single customer is still sent (and refused by the receiver) rather than blocking the queue for ever.
 */
export function itemsThatFit(uuid: string, customerType: string, items: readonly BatchItem[], maxBytes: number): number {
  let bytes = Buffer.byteLength(`{"uuid":${JSON.stringify(uuid)},"customerType":${JSON.stringify(customerType)},"campaigns":[]}`);
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    bytes += Buffer.byteLength(customerJson(item)) + 1;
    if (!seen.has(item.segmentName)) {
      seen.add(item.segmentName);
      bytes += Buffer.byteLength(campaignHead(item.segmentName)) + 3;
    }
    if (bytes > maxBytes) return Math.max(1, i);
  }
  return items.length;
}
