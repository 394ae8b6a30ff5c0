// ESM entry: the wasm file is found next to this module (import.meta.url).
import createOpenRtk from 'openrtk-wasm';
import RealtimeKitClient, { RtkError, setModuleFactory, setScriptUrl } from './client.js';

setScriptUrl(import.meta.url);
setModuleFactory(createOpenRtk);

export default RealtimeKitClient;
export { RealtimeKitClient, RtkError };
