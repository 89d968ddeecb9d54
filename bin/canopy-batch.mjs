#!/usr/bin/env node
// The canopy-batch command: runs the built CLI (out/cli/main.mjs), building it first when it is missing or
// older than the sources (scripts/build-cli.mjs). Development and the tests run the sources through tsx.
import { buildCli, cliBundle, cliBundleIsStale } from '../scripts/build-cli.mjs';
import { pathToFileURL } from 'node:url';

if (cliBundleIsStale()) await buildCli();
await import(pathToFileURL(cliBundle).href);
