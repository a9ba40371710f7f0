// Starts the planner's WebAssembly. A file of its own rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid every inline script.
import init from './edge-failover-planner.js';

await init({ module_or_path: './edge-failover-planner_bg.wasm' });
