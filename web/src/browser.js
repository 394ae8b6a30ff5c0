// IIFE entry (dist/browser.js): a plain <script> tag from any path; the wasm file is found
// next to the script (document.currentScript, read while the script runs).
import createOpenRtk from 'openrtk-wasm';
import RealtimeKitClient, { RtkError, setModuleFactory, setScriptUrl } from './client.js';

setScriptUrl((typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || undefined);
setModuleFactory(createOpenRtk);
RealtimeKitClient.RtkError = RtkError;
globalThis.RealtimeKitClient = RealtimeKitClient;
