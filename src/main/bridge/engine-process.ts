/**
 * Entry of the engine's utility process (utilityProcess.fork from main): the database, imports, delivery and
 * the scheduler run here, so a million-row import never blocks the window. Messages: engine-protocol.ts.
 */
import { runEngineHost } from './engine-host';

const parentPort = process.parentPort;
if (!parentPort) {
  console.error('The engine process must be started by the Canopy Batch desktop app (utilityProcess.fork).');
  process.exit(1);
}

runEngineHost(
  {
    postMessage: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
  },
  { exit: () => process.exit(0) },
);
