export { startSandbox, WEBHOOK_PATH, type Sandbox, type SandboxOptions, type SandboxState, type Fault, type ReceivedRequest } from './sandbox';
