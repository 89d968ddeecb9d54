import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../fixtures');

export interface SandboxState {
  requestsToday: number;
  segments: Record<string, Record<string, Array<{ name: string; type: string; value: string }>>>;
  requests: Array<{ status: number; uuid: string | null; customers: number }>;
}

export function sandboxUrl(): string {
  const url = process.env.CANOPY_SANDBOX_URL;
  if (!url) throw new Error('CANOPY_SANDBOX_URL is not set: run the tests through playwright.config.ts (global setup).');
  return url;
}

/** What the sandbox receiver holds now, read from its /state page like any HTTP peer. */
export async function sandboxState(): Promise<SandboxState> {
  const response = await fetch(process.env.CANOPY_SANDBOX_STATE!);
  return (await response.json()) as SandboxState;
}

/** Email hashed as Deployteq's HASHED_EMAIL (see test/fixtures/README.md). */
export const ALICE_HASH = 'b4d2ee3be52ce82dbd855ae035ba59c85d7edd13ce5e8f54b2e390aae55ba5d4';
