// comlink ships ESM builds without an exports map; these deep paths are its ESM entry points.
declare module 'comlink/dist/esm/comlink.mjs' {
  export * from 'comlink';
}
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { MessagePort, Worker } from 'node:worker_threads';
  import type { Endpoint } from 'comlink';
  export default function nodeEndpoint(endpoint: MessagePort | Worker): Endpoint;
}
